using WsConformance.Engine.Transport;

namespace WsConformance.Cli;

/// <summary>What to do about a failed TLS handshake, appended to the error: the exception alone names a cause, not a way forward.</summary>
internal static class TlsAdvice
{
    public static string For(ConnectResult result, Uri uri)
    {
        if (result.Outcome != ConnectOutcome.TlsFailed)
        {
            return "";
        }

        var detail = result.Detail ?? "";
        if (detail.Contains("UntrustedRoot", StringComparison.Ordinal) || detail.Contains("PartialChain", StringComparison.Ordinal))
        {
            return ". The server's certificate is self-signed or from a CA this machine does not trust: pass --ca-cert FILE "
                + "(the CA's certificate, PEM or DER) to trust that CA with verification still on, or --insecure to turn verification off";
        }

        if (detail.Contains("NameMismatch", StringComparison.Ordinal))
        {
            return $". The certificate is not issued for '{uri.Host}': connect with the name it was issued for (a spec's \"hostname\" sets the TLS server name)";
        }

        if (detail.Contains("NotTimeValid", StringComparison.Ordinal))
        {
            return ". The certificate has expired or is not valid yet: renew it, or --insecure to turn verification off";
        }

        return ". Is the server speaking TLS on that port? (ws:// is plain, wss:// is TLS)";
    }
}
