using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WsConformance.Reporting;

namespace WsConformance.Cli;

/// <summary>
/// The certificate <c>wsconf serve</c> answers TLS with: one the user gives (PEM certificate and key), or a test CA and a
/// leaf signed by it, generated per run and written next to the reports so a user (or a browser profile) can trust the CA.
/// </summary>
internal static class ServeCertificate
{
    /// <summary>Long enough for any run, short enough that a leaked test CA soon trusts nothing.</summary>
    private static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    /// <summary>Certificates start valid a little in the past: a client whose clock is slightly behind still accepts them.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string CaName = "CN=wsconf serve test CA, O=WsConformance generated for testing";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The files of a generated certificate, for the user to trust the CA or give the pair to another tool.</summary>
    public sealed record GeneratedFiles(string CaCertificate, string Certificate, string Key);

    /// <summary>A PEM certificate and its PEM private key; null and a one-line <paramref name="problem"/> when they cannot be used.</summary>
    public static X509Certificate2? Load(string certificatePath, string keyPath, out string? problem)
    {
        problem = null;
        foreach (var (path, option) in new[] { (certificatePath, "--cert"), (keyPath, "--key") })
        {
            if (!File.Exists(path))
            {
                problem = $"{option}: no such file '{path}'.";
                return null;
            }
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Re-imported so the private key is usable by SslStream on every platform (an ephemeral PEM key is not, on Windows).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            problem = $"--cert/--key: cannot use '{certificatePath}' with '{keyPath}' as a PEM certificate and its private key: {e.Message.Trim()}";
            return null;
        }
    }

    /// <summary>
    /// A new CA and a server certificate it signs for loopback, localhost and <paramref name="host"/>, written as PEM into
    /// <paramref name="folder"/>; returns the server certificate (with its key) and where the files are.
    /// </summary>
    public static (X509Certificate2 Certificate, GeneratedFiles Files) Generate(string folder, IPAddress host, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(CaName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now - ClockSkew, now + Validity);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, host }.Distinct())
        {
            names.AddIpAddress(address);
        }

        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var signed = leafRequest.Create(ca, now - ClockSkew, now + Validity, RandomNumberGenerator.GetBytes(16));
        using var leaf = signed.CopyWithPrivateKey(leafKey);

        Directory.CreateDirectory(folder);
        var files = new GeneratedFiles(Path.Combine(folder, "wsconf-ca.pem"), Path.Combine(folder, "wsconf-server.pem"), Path.Combine(folder, "wsconf-server-key.pem"));
        // Each file appears whole (a script may wait for the CA to trust it), the CA last, once the rest is there.
        WriteWhole(files.Certificate, leaf.ExportCertificatePem());
        WriteWhole(files.Key, leafKey.ExportPkcs8PrivateKeyPem());
        WriteWhole(files.CaCertificate, ca.ExportCertificatePem());
        return (X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null), files);
    }

    private static void WriteWhole(string path, string pem) => AtomicFile.Write(path, stream => stream.Write(Encoding.ASCII.GetBytes(pem)));
}
