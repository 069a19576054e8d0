using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Relink.Server.Api;

/// <summary>The OpenAPI document of the server API: only /api/v1/ endpoints, with the bearer key as security scheme.</summary>
internal static class ApiDocument
{
    private const string SchemeName = "apiKey";

    public static void Configure(OpenApiOptions options)
    {
        // By group, not by path: an app hosting Relink may map it under a prefix of its own.
        options.ShouldInclude = endpoint => endpoint.GroupName == ServerApiEndpoints.GroupName;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Relink server API",
                Version = "v1",
                Description = "For the app's backend: send messages, manage users and groups, read history. "
                    + "It acts with the app's authority (see docs/integration.md).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The server's API key (--api-key, Relink:ApiKey), as \"Authorization: Bearer KEY\".",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
    }
}
