using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Relink.Server.Configuration;

namespace Relink.Server.Security;

/// <summary>
/// Finds the server's TLS certificate: a PKCS#12 or PEM file from configuration, or (when asked with
/// <c>--tls-dev-cert</c>) a self-signed development certificate made once in the data folder, with its public half
/// written beside it as <see cref="DevCertificatePublicFile"/> for clients to trust.
/// </summary>
public static class TlsCertificates
{
    /// <summary>The development certificate with its key (in the data folder).</summary>
    public const string DevCertificateFile = "dev-cert.pfx";

    /// <summary>The development certificate's public half, PEM, for clients (<c>relink --ca-cert</c>).</summary>
    public const string DevCertificatePublicFile = "dev-cert.crt";

    /// <summary>The certificate to serve, or null when TLS is off.</summary>
    public static X509Certificate2? Load(TlsOptions tls, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(tls.CertificatePath))
        {
            return tls.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || tls.CertificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
        }

        return tls.DevCertificate ? LoadOrCreateDevCertificate(dataDirectory) : null;
    }

    private static X509Certificate2 LoadOrCreateDevCertificate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, DevCertificateFile);
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            if (existing.NotAfter > DateTime.Now.AddDays(7))
            {
                return existing;
            }
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Relink development", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));

        byte[] pfx = created.Export(X509ContentType.Pkcs12);
        WriteAtomically(path, pfx);
        WriteAtomically(Path.Combine(dataDirectory, DevCertificatePublicFile), System.Text.Encoding.ASCII.GetBytes(created.ExportCertificatePem()));
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
