using System.Text.Json;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>The JSON text frames a browser writes by hand, and what it gets back.</summary>
public sealed class Envelope_Json_Tests
{
    [Fact]
    public void A_hand_written_login_parses()
    {
        var envelope = EnvelopeJson.Parse("""{"requestId":1,"login":{"userId":"alice","password":"x"}}""");

        envelope.RequestId.ShouldBe(1u);
        envelope.BodyCase.ShouldBe(Envelope.BodyOneofCase.Login);
        envelope.Login.UserId.ShouldBe("alice");
        envelope.Login.Password.ShouldBe("x");
        envelope.Login.DeviceId.ShouldBe("");
    }

    [Fact]
    public void A_hand_written_send_with_enums_by_name_parses()
    {
        var envelope = EnvelopeJson.Parse("""
            {"requestId":7,"sendMessage":{"clientMsgId":"m-1","to":{"kind":"CONVERSATION_KIND_DIRECT","id":"bob"},
             "type":"MESSAGE_TYPE_EMOJI","text":"f_22"}}
            """);

        envelope.SendMessage.To.Kind.ShouldBe(ConversationKind.Direct);
        envelope.SendMessage.Type.ShouldBe(MessageType.Emoji);
        envelope.SendMessage.Text.ShouldBe("f_22");
    }

    [Fact]
    public void Proto_field_names_enum_numbers_and_quoted_or_bare_64_bit_numbers_are_accepted_too()
    {
        var envelope = EnvelopeJson.Parse("""
            {"request_id":9,"mark_read":{"peer":{"kind":2,"id":"g-17"},"seq":"98"}}
            """);
        var bare = EnvelopeJson.Parse("""{"requestId":9,"markRead":{"peer":{"kind":2,"id":"g-17"},"seq":98}}""");

        envelope.MarkRead.Peer.Kind.ShouldBe(ConversationKind.Group);
        envelope.MarkRead.Seq.ShouldBe(98);
        bare.ShouldBe(envelope);
    }

    [Fact]
    public void Unknown_fields_from_a_newer_peer_are_ignored()
    {
        var envelope = EnvelopeJson.Parse("""{"requestId":3,"futureFlag":true,"ping":{"clientTime":"2026-01-01T00:00:00Z","extra":[1,2]}}""");

        envelope.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping);
        envelope.Ping.ClientTime.ToDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void An_enum_name_from_a_newer_peer_reads_as_an_unknown_value_instead_of_failing_the_frame()
    {
        var envelope = EnvelopeJson.Parse("""
            {"requestId":4,"sendMessage":{"clientMsgId":"m-2","to":{"kind":"CONVERSATION_KIND_CHANNEL","id":"c-1"},
             "type":"MESSAGE_TYPE_IMAGE","text":"x"}}
            """);

        envelope.RequestId.ShouldBe(4u);
        envelope.SendMessage.ClientMsgId.ShouldBe("m-2");
        envelope.SendMessage.To.Id.ShouldBe("c-1");
        Enum.IsDefined(envelope.SendMessage.To.Kind).ShouldBeFalse();
        Enum.IsDefined(envelope.SendMessage.Type).ShouldBeFalse();
        envelope.SendMessage.To.Kind.ShouldNotBe(ConversationKind.Unspecified);
    }

    [Fact]
    public void An_unknown_enum_name_in_a_nested_field_is_read_the_same_way_by_either_field_name()
    {
        var envelope = EnvelopeJson.Parse("""{"request_id":5,"history":{"peer":{"kind":"SOMETHING_NEW","id":"x"},"limit":3}}""");

        Enum.IsDefined(envelope.History.Peer.Kind).ShouldBeFalse();
        envelope.History.Limit.ShouldBe(3);
    }

    [Fact]
    public void An_unknown_enum_name_beside_an_unknown_field_is_still_read_as_an_unknown_value()
    {
        // A newer client sends both at once; skipping the unknown field must not mean dropping the enum with it.
        var envelope = EnvelopeJson.Parse("""
            {"requestId":8,"futureFlag":true,"markRead":{"peer":{"kind":"CONVERSATION_KIND_CHANNEL","id":"c-1","extra":{}},"seq":"4"}}
            """);

        envelope.RequestId.ShouldBe(8u);
        envelope.MarkRead.Peer.Id.ShouldBe("c-1");
        envelope.MarkRead.Seq.ShouldBe(4);
        Enum.IsDefined(envelope.MarkRead.Peer.Kind).ShouldBeFalse();
        envelope.MarkRead.Peer.Kind.ShouldNotBe(ConversationKind.Unspecified);
    }

    [Theory]
    [InlineData("""{"requestId":6,"markRead":{"peer":{"kind":"NEW_KIND","id":"x"},"seq":"oops"}}""")] // another fault stays one
    [InlineData("""{"requestId":6,"markRead":{"peer":{"kind":true,"id":"x"}}}""")] // an enum is a name or a number
    public void A_frame_with_an_unknown_enum_name_and_another_fault_is_still_malformed(string json) =>
        Should.Throw<MalformedFrameException>(() => EnvelopeJson.Parse(json));

    [Fact]
    public void Output_uses_camel_case_names_enum_names_string_int64s_and_rfc3339_times()
    {
        using var json = JsonDocument.Parse(EnvelopeJson.Format(SampleEnvelopes.MessagePush()));

        var message = json.RootElement.GetProperty("message").GetProperty("message");
        message.GetProperty("id").GetString().ShouldBe("1234567");
        message.GetProperty("conversationId").GetString().ShouldBe("g:g-17");
        message.GetProperty("peer").GetProperty("kind").GetString().ShouldBe("CONVERSATION_KIND_GROUP");
        message.GetProperty("type").GetString().ShouldBe("MESSAGE_TYPE_TEXT");
        message.GetProperty("sentAt").GetString().ShouldBe("2026-03-14T15:09:26.535Z");
        message.GetProperty("text").GetString().ShouldBe("Rope check at 6, bring chalk. 今晚六点");
    }

    [Fact]
    public void Output_omits_default_values_so_pushes_carry_no_request_id()
    {
        using var json = JsonDocument.Parse(EnvelopeJson.Format(new Envelope { Kicked = new Kicked() }));

        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["kicked"]);
        json.RootElement.GetProperty("kicked").EnumerateObject().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"login\"")]
    [InlineData("""{"requestId":"one"}""")]
    [InlineData("""{"requestId":-1}""")]
    [InlineData("""{"requestId":4294967296}""")]
    [InlineData("""{"requestId":1.5}""")]
    [InlineData("""{"login":{},"register":{}}""")]
    [InlineData("""{"login":{"userId":5}}""")]
    [InlineData("""{"markRead":{"seq":"98x"}}""")]
    [InlineData("""{"ping":{"clientTime":"yesterday"}}""")]
    [InlineData("""{"ping":{"clientTime":"2026-13-01T00:00:00Z"}}""")]
    [InlineData("""{"requestId":1}{"requestId":2}""")]
    [InlineData("""{"requestId":1,}""")]
    [InlineData("""{'requestId':1}""")]
    public void Malformed_json_is_a_malformed_frame(string json)
    {
        Should.Throw<MalformedFrameException>(() => EnvelopeJson.Parse(json));
    }
}
