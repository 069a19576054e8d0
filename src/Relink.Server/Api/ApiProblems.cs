using System.Text;
using Relink.Protocol.Messages;
using Relink.Server.Chat;

namespace Relink.Server.Api;

/// <summary>
/// The server API's refusals as RFC 9457 problem details. A bad field is a 400 whose <c>errors</c> name it; the chat
/// rules shared with the protocol name their fields in the protocol's snake_case, shown here in the API's camelCase.
/// </summary>
internal static class ApiProblems
{
    public static IResult From(RequestException refusal)
    {
        string field = CamelCase(refusal.Field);
        string detail = field.Length > 0 ? refusal.Message.Replace(refusal.Field, field, StringComparison.Ordinal) : refusal.Message;
        var extensions = field.Length > 0 ? new Dictionary<string, object?> { ["field"] = field } : null;
        return refusal.Code switch
        {
            ErrorCode.InvalidArgument => Results.ValidationProblem(
                new Dictionary<string, string[]> { [field.Length > 0 ? field : "body"] = [detail] }, detail: detail, extensions: extensions),
            ErrorCode.NotFound => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, extensions: extensions),
            // Taken ids, a disabled sender, a sender outside the group: the request is sound but the state refuses it.
            ErrorCode.UserExists or ErrorCode.Forbidden => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions),
            ErrorCode.RateLimited => Results.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests),
            _ => Results.Problem(detail, statusCode: StatusCodes.Status500InternalServerError),
        };
    }

    /// <summary><c>client_msg_id</c> → <c>clientMsgId</c>; a name without underscores stays as it is.</summary>
    public static string CamelCase(string field)
    {
        if (!field.Contains('_', StringComparison.Ordinal))
        {
            return field;
        }

        var camel = new StringBuilder(field.Length);
        bool upper = false;
        foreach (char c in field)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            camel.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return camel.ToString();
    }
}
