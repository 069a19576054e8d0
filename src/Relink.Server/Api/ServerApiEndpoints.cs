using Microsoft.AspNetCore.Http.HttpResults;
using Relink.Server.Chat;
using Relink.Server.Configuration;
using Relink.Server.Security;
using Relink.Storage;

namespace Relink.Server.Api;

/// <summary>
/// The server API for the app's backend, under <c>/api/v1/</c> on the HTTP port: send messages, manage users and
/// groups, read history. Every endpoint needs <c>Authorization: Bearer &lt;Relink:ApiKey&gt;</c>; without a configured
/// key the API is off (403 saying how to turn it on). The OpenAPI document at <see cref="DocumentPath"/> is public.
/// docs/integration.md describes every endpoint.
/// </summary>
public static class ServerApiEndpoints
{
    /// <summary>Where the API lives.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The API description group of its endpoints: what the OpenAPI document includes, under any route prefix.</summary>
    public const string GroupName = "relink-api";

    /// <summary>The OpenAPI document's path.</summary>
    public const string DocumentPath = Prefix + "/openapi.json";

    /// <summary>Registers the server API and its OpenAPI document.</summary>
    public static IServiceCollection AddRelinkApi(this IServiceCollection services)
    {
        services.AddSingleton<ServerApi>();
        // A lambda, not the method group: the package's source generator intercepts this call to put the XML comments
        // of the models into the document, and it does not recognise a method group.
        services.AddOpenApi(options => ApiDocument.Configure(options));
        return services;
    }

    /// <summary>Maps the server API's endpoints and its OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapRelinkApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath);
        var api = endpoints.MapGroup(Prefix)
            .WithGroupName(GroupName)
            .AddEndpointFilter(GuardAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/messages", async Task<Results<Created<ApiMessage>, Ok<ApiMessage>>> (HttpRequest request, ServerApi server) =>
            {
                (var message, bool duplicate) = await server.SendAsync(await ApiBody.ReadAsync<SendMessageBody>(request));
                return duplicate ? TypedResults.Ok(message) : TypedResults.Created($"{Prefix}/conversations/{message.ConversationId}/messages?after={message.Seq - 1}&limit=1", message);
            })
            .Accepts<SendMessageBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a message as a user (201; 200 with the same message for a repeated clientMsgId)");

        api.MapGet("/conversations/{conversationId}/messages", async Task<Ok<MessagePageResult>> (string conversationId, string? after, string? before, string? limit, ServerApi server) =>
                TypedResults.Ok(await server.HistoryAsync(conversationId, after, before, limit)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A page of a conversation's messages, oldest first (after=SEQ reads forward, else the last ones before=SEQ)");

        api.MapPost("/users", async Task<Created<ApiUser>> (HttpRequest request, ServerApi server) =>
            {
                var user = await server.CreateUserAsync(await ApiBody.ReadAsync<CreateUserBody>(request));
                return TypedResults.Created($"{Prefix}/users/{user.Id}", user);
            })
            .Accepts<CreateUserBody>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create a user (without a password, the user signs in only with a token)");

        api.MapGet("/users/{id}", async Task<Ok<ApiUser>> (string id, ServerApi server) => TypedResults.Ok(await server.GetUserAsync(id)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A user, with whether they are disabled and online");

        api.MapPost("/users/{id}/disable", async Task<Ok<AccountChange>> (string id, ServerApi server) => TypedResults.Ok(await server.DisableUserAsync(id)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Disable a user: refuse their logins and sign them out everywhere");

        api.MapPost("/users/{id}/enable", async Task<Ok<AccountChange>> (string id, ServerApi server) => TypedResults.Ok(await server.EnableUserAsync(id)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enable a disabled user again");

        api.MapPost("/users/{id}/logout", async Task<Ok<AccountChange>> (string id, ServerApi server) => TypedResults.Ok(await server.LogOutEverywhereAsync(id)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sign a user out on every device (sessions kicked, resume tokens revoked)");

        api.MapPost("/groups", async Task<Created<ApiGroup>> (HttpRequest request, ServerApi server) =>
            {
                var group = await server.CreateGroupAsync(await ApiBody.ReadAsync<CreateGroupBody>(request));
                return TypedResults.Created($"{Prefix}/groups/{group.Id}", group);
            })
            .Accepts<CreateGroupBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a group with an owner and members");

        api.MapGet("/groups/{id}", async Task<Ok<ApiGroup>> (string id, ServerApi server) => TypedResults.Ok(await server.GetGroupAsync(id)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A group with its members");

        api.MapPost("/groups/{id}/members", async Task<Ok<ApiGroup>> (string id, HttpRequest request, ServerApi server) =>
                TypedResults.Ok(await server.AddMemberAsync(id, await ApiBody.ReadAsync<AddMemberBody>(request))))
            .Accepts<AddMemberBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Add a member to a group (members are told live)");

        api.MapDelete("/groups/{id}/members/{userId}", async Task<Ok<ApiGroup>> (string id, string userId, ServerApi server) =>
                TypedResults.Ok(await server.RemoveMemberAsync(id, userId)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Remove a member from a group (members are told live; the history stays)");

        return endpoints;
    }

    /// <summary>
    /// Every API request passes here first: the key is checked before anything else (the body is read only after),
    /// and the chat rules' refusals become problem details.
    /// </summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? key = http.RequestServices.GetRequiredService<RelinkServerOptions>().ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            return Results.Problem("The server API is disabled: start the server with --api-key KEY (or set Relink:ApiKey, or the environment variable Relink__ApiKey) to enable it.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!BearerToken.Matches(http.Request, key))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"relink-api\"";
            return Results.Problem("Send the API key as \"Authorization: Bearer KEY\".", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        try
        {
            return await next(context);
        }
        catch (RequestException refusal)
        {
            return ApiProblems.From(refusal);
        }
        catch (StoreUnavailableException)
        {
            return Results.Problem("The server could not store this right now; nothing was applied. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
