using System.Net;

namespace WsConformance.Engine.Transport;

/// <summary>Where a ws:// or wss:// URI points: host (IPv6 without brackets), port, and whether TLS is used.</summary>
internal sealed record ServerEndpoint(string Host, int Port, bool IsSecure)
{
    public static ServerEndpoint FromUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != "ws" && uri.Scheme != "wss"))
        {
            throw new ArgumentException($"A ws:// or wss:// URI is required, got '{uri}'.", nameof(uri));
        }

        // IdnHost has no brackets around an IPv6 literal and gives the ASCII (Punycode) form of a name.
        return new ServerEndpoint(uri.IdnHost, uri.Port, uri.Scheme == "wss");
    }

    /// <summary>An IP literal connects directly; a name is resolved by the socket, trying each address in turn.</summary>
    public EndPoint ToEndPoint() =>
        IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host, Port);

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
