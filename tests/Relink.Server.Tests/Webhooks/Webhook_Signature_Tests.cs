using Relink.Server.Webhooks;

namespace Relink.Server.Tests.Webhooks;

public sealed class Webhook_Signature_Tests
{
    [Fact]
    public void The_signature_is_the_one_openssl_computes_so_receivers_in_any_language_can_check_it() =>
        // printf '%s' '{"id":"msg-1"}' | openssl dgst -sha256 -hmac "test-secret-0123456789"
        new WebhookSignature("test-secret-0123456789").Sign("""{"id":"msg-1"}"""u8)
            .ShouldBe("sha256=65da4596f9cb456f428f807ca66c0d952893fbf2d2f8f651798485bdfd23171b");
}
