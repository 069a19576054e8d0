using Relink.Server.Hosting;

namespace Relink.Server.Tests.Webhooks;

public sealed class Webhook_Option_Tests
{
    private const string Secret = "0123456789abcdef";

    [Theory]
    [InlineData("--webhook=not a url", "--webhook-secret=" + Secret, "Webhook:Url")]
    [InlineData("--webhook=ftp://example.com/hook", "--webhook-secret=" + Secret, "http:// or https://")]
    [InlineData("--webhook=https://example.com/hook", "--Relink:Placeholder=1", "needs Webhook:Secret")]
    [InlineData("--webhook-secret=" + Secret, "--Relink:Placeholder=1", "Webhook:Url (--webhook) is not")]
    [InlineData("--webhook=https://example.com/hook", "--webhook-secret=short", "at least 16 characters")]
    [InlineData("--webhook=https://example.com/hook", "--webhook-retry-window=soon", "RetryWindow")]
    public void A_webhook_setting_that_cannot_work_stops_the_start_with_a_message_naming_it(string first, string second, string named) =>
        Should.Throw<ArgumentException>(() => RelinkServerHost.Build([first, second])).Message.ShouldContain(named);
}
