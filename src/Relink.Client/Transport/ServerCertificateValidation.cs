using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Relink.Client.Transport;

/// <summary>
/// Decides whether to trust the server's certificate: whatever the system trusts, plus (when the app pins one) exactly
/// the given certificate, such as a server's self-signed development certificate. A pinned certificate must still
/// name the host connected to.
/// </summary>
internal static class ServerCertificateValidation
{
    public static RemoteCertificateValidationCallback For(X509Certificate2? trusted) => (_, certificate, _, errors) =>
        errors == SslPolicyErrors.None
        || (trusted is not null
            && certificate is not null
            && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData));
}
