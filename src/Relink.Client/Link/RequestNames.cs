using Relink.Protocol.Messages;

namespace Relink.Client.Link;

/// <summary>Human names of envelope bodies, for error messages ("the login request", "a send_message request").</summary>
internal static class RequestNames
{
    public static string Of(Envelope.BodyOneofCase body) => body switch
    {
        Envelope.BodyOneofCase.None => "an empty request",
        _ => "the " + ToSnakeCase(body.ToString()) + " request",
    };

    private static string ToSnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
