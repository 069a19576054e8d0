using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Relink.Server.Chat;

namespace Relink.Server.Api;

/// <summary>
/// Reads a request body inside the API's filter rather than by parameter binding, so a request without the key is
/// refused before its body is looked at, and a malformed body gets a 400 problem naming what is wrong.
/// </summary>
internal static class ApiBody
{
    /// <summary>
    /// Largest body the API reads: far above its largest sound request (200 member ids, or a 4000-character message),
    /// far below Kestrel's 30 MB default.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw RequestException.Invalid("body", "The body must be JSON (Content-Type: application/json).");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted)
                ?? throw RequestException.Invalid("body", "The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            string path = e.Path is { Length: > 2 } p ? p[2..] : "body"; // "$.memberIds[0]" → "memberIds[0]"
            throw RequestException.Invalid(path, $"The body is not valid JSON for this request at '{path}' (wrong type, or malformed).");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestException.Invalid("body", $"The body is larger than {MaxBytes} bytes.");
        }
    }
}
