using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Commands;

/// <summary><c>--ca-cert FILE</c>: trust a private CA (or a self-signed server certificate) with verification still on.</summary>
internal static class CaCertificateOption
{
    private const string PemMarker = "-----BEGIN CERTIFICATE-----";

    public static Option<X509Certificate2Collection?> Create() => new("--ca-cert")
    {
        Description = "Trust the CA certificate(s) in this file (PEM, or one DER certificate) for wss://, instead of the system's CAs; host names and dates are still checked.",
        CustomParser = Parse,
    };

    private static X509Certificate2Collection? Parse(ArgumentResult result)
    {
        var path = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            var certificates = new X509Certificate2Collection();
            if (File.ReadAllText(path).Contains(PemMarker, StringComparison.Ordinal))
            {
                certificates.ImportFromPemFile(path);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }

            return certificates;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            result.AddError($"--ca-cert {EventText.Quote(path)}: not a readable certificate file ({e.Message}).");
            return null;
        }
    }
}
