using System.Buffers;
using System.Text;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>
/// Whatever bytes or text arrive, decoding either succeeds or throws <see cref="MalformedFrameException"/>: any
/// other exception type would escape the connection handler's error path. Seeds are fixed so a failure replays.
/// </summary>
public sealed class Malformed_Input_Tests
{
    private const int Rounds = 3000;

    [Fact]
    public void Random_bytes_parse_or_are_a_malformed_frame()
    {
        var random = new Random(20260314);
        var inputs = Enumerable.Range(0, Rounds).Select(_ =>
        {
            var bytes = new byte[random.Next(0, 96)];
            random.NextBytes(bytes);
            return bytes;
        });

        AssertOnlyMalformedOrSuccess(inputs, bytes => FrameReader.ParseEnvelope(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void Mutated_valid_payloads_parse_or_are_a_malformed_frame()
    {
        var random = new Random(7397);
        var payloads = SampleEnvelopes.OneOfEachBodyKind().Select(e => Frames.Of(e)[FrameLimits.HeaderSize..]).ToArray();
        var inputs = Enumerable.Range(0, Rounds).Select(_ => Mutate(random, payloads[random.Next(payloads.Length)]));

        // Parsed from a multi-segment buffer too: the segmented decode path has its own bounds checks.
        AssertOnlyMalformedOrSuccess(inputs, bytes => FrameReader.ParseEnvelope(SegmentedSequence.Chunked(bytes, 5)));
    }

    [Fact]
    public void Deeply_nested_unknown_groups_are_a_malformed_frame_not_a_stack_overflow()
    {
        // The schema has no recursive message, but unknown fields may be groups, which nest: 1,000 group starts
        // (field 1, wire type 3) and their ends, far past the parser's recursion limit of 100.
        const int depth = 1000;
        byte[] nested = [.. Enumerable.Repeat((byte)0x0B, depth), .. Enumerable.Repeat((byte)0x0C, depth)];

        Should.Throw<MalformedFrameException>(() => FrameReader.ParseEnvelope(new ReadOnlySequence<byte>(nested)));
    }

    [Fact]
    public void Mutated_valid_json_parses_or_is_a_malformed_frame()
    {
        var random = new Random(1153);
        var texts = SampleEnvelopes.OneOfEachBodyKind().Select(e => Encoding.UTF8.GetBytes(EnvelopeJson.Format(e))).ToArray();
        var inputs = Enumerable.Range(0, Rounds).Select(_ => Mutate(random, texts[random.Next(texts.Length)], JsonTokens));

        AssertOnlyMalformedOrSuccess(inputs, bytes => EnvelopeJson.Parse(Encoding.UTF8.GetString(bytes)));
    }

    [Fact]
    public void Random_json_like_text_parses_or_is_a_malformed_frame()
    {
        var random = new Random(4242);
        var inputs = Enumerable.Range(0, Rounds).Select(_ =>
            Enumerable.Range(0, random.Next(0, 40)).SelectMany(_ => JsonTokens[random.Next(JsonTokens.Length)]).ToArray());

        // Token soup is almost never a valid envelope; this probes the tokenizer, not the field mapping.
        AssertOnlyMalformedOrSuccess(inputs, bytes => EnvelopeJson.Parse(Encoding.UTF8.GetString(bytes)), expectSomeValid: false);
    }

    private static readonly byte[][] JsonTokens =
    [
        .. "{}[]\":,-+.0123456789eE \\/ntfu".Select(c => new[] { (byte)c }),
        .. new[]
        {
            "true", "false", "null", "\"requestId\"", "\"login\"", "\"ping\"", "\"clientTime\"", "\"seq\"",
            "\"kind\"", "\"CONVERSATION_KIND_GROUP\"", "1e400", "18446744073709551616", "\"\\ud800\"",
            "\"2026-01-01T00:00:00Z\"", "\"9999-12-31T23:59:60Z\"", "\"-Infinity\"", "\"NaN\"",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private static byte[] Mutate(Random random, byte[] original, byte[][]? insertions = null)
    {
        var bytes = original.ToList();
        for (int edits = random.Next(1, 4); edits > 0; edits--)
        {
            int at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count:
                    bytes[at] = insertions is null ? (byte)random.Next(256) : insertions[random.Next(insertions.Length)][0];
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 4)));
                    break;
                case 2:
                    bytes.InsertRange(at, insertions?[random.Next(insertions.Length)] ?? [(byte)random.Next(256)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Decodes every input; fails on any exception but <see cref="MalformedFrameException"/>.</summary>
    /// <param name="expectSomeValid">Also require that some inputs decoded, proving the inputs reach past the first byte.</param>
    private static void AssertOnlyMalformedOrSuccess(IEnumerable<byte[]> inputs, Func<byte[], Envelope> decode, bool expectSomeValid = true)
    {
        int parsed = 0, malformed = 0;
        var escaped = new List<string>();
        foreach (var input in inputs)
        {
            try
            {
                decode(input);
                parsed++;
            }
            catch (MalformedFrameException)
            {
                malformed++;
            }
            catch (Exception e)
            {
                escaped.Add($"{e.GetType().Name}: {e.Message} for [{Convert.ToHexString(input)}]");
            }
        }

        escaped.ShouldBeEmpty();
        malformed.ShouldBeGreaterThan(0);
        if (expectSomeValid)
        {
            parsed.ShouldBeGreaterThan(0);
        }
    }
}
