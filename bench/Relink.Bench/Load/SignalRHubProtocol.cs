using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Relink.Bench.Load;

/// <summary>
/// The pieces of SignalR's JSON hub protocol every bench client speaks: records end with 0x1e; the handshake, the
/// ping, an invocation; cutting whole records off a receive buffer.
/// </summary>
/// <remarks>Protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal static class SignalRHubProtocol
{
    /// <summary>Ends every JSON hub message.</summary>
    public const byte RecordSeparator = 0x1e;

    /// <summary>The client's opening record: JSON protocol, version 1.</summary>
    public static readonly byte[] Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();

    /// <summary>A client ping, the hub protocol's heartbeat.</summary>
    public static readonly byte[] Ping = "{\"type\":6}\u001e"u8.ToArray();

    /// <summary>An invocation record (type 1) of hub method <paramref name="target"/> awaiting a completion with <paramref name="invocationId"/>.</summary>
    public static byte[] Invocation(string invocationId, string target, string[] arguments) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = 1, invocationId, target, arguments }) + "\u001e");

    /// <summary>Takes the first whole record off <paramref name="buffer"/>, keeping what follows it; null when none is whole yet.</summary>
    public static string? TakeRecord(ArrayBufferWriter<byte> buffer)
    {
        int end = buffer.WrittenSpan.IndexOf(RecordSeparator);
        if (end < 0)
        {
            return null;
        }

        string record = Encoding.UTF8.GetString(buffer.WrittenSpan[..end]);
        byte[] rest = buffer.WrittenSpan[(end + 1)..].ToArray();
        buffer.Clear();
        buffer.Write(rest);
        return record;
    }
}
