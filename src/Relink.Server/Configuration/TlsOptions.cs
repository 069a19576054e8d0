namespace Relink.Server.Configuration;

/// <summary>TLS settings (section "Relink:Tls").</summary>
public sealed class TlsOptions
{
    /// <summary>A .pfx/.p12 file, or a .pem/.crt certificate with <see cref="KeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, for a PEM certificate.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PKCS#12 password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Make (once) and use a self-signed certificate in the data folder. For development only.</summary>
    public bool DevCertificate { get; set; }
}
