namespace Relink.Client.Tests;

public class WireMapping_Tests
{
    // A value the protocol gains must reach apps under its own name, not as Unspecified: the mapping lists each value
    // by hand (so an unknown one from a newer server is safe), and this catches a value left off that list.
    [Fact]
    public void Every_protocol_enum_value_reaches_the_sdk_under_its_own_name()
    {
        Check<Relink.Protocol.Messages.KickReason, KickReason>(v => Model.WireMapping.ToModel(new Relink.Protocol.Messages.Kicked { Reason = v }).Reason);
        Check<Relink.Protocol.Messages.ErrorCode, ErrorCode>(Model.WireMapping.ToModel);
        Check<Relink.Protocol.Messages.ConversationKind, ConversationKind>(Model.WireMapping.ToModel);
        Check<Relink.Protocol.Messages.MessageType, MessageType>(Model.WireMapping.ToModel);
        Check<Relink.Protocol.Messages.GroupChange, GroupChange>(v => Model.WireMapping.ToModel(new Relink.Protocol.Messages.GroupChangedNotice { Change = v }).Change);
    }

    private static void Check<TWire, TModel>(Func<TWire, TModel> map) where TWire : struct, Enum where TModel : struct, Enum
    {
        foreach (TWire value in Enum.GetValues<TWire>())
        {
            map(value).ToString().ShouldBe(value.ToString(), $"{typeof(TWire).Name}.{value}");
        }
    }
}
