using WsConformance.Cases.Model;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Running;

/// <summary>Builds the opening-handshake request of a case: a correct one, bent the way the case asks.</summary>
internal static class HandshakeFactory
{
    /// <param name="compression">The case's permessage-deflate offers, sent in one Sec-WebSocket-Extensions header.</param>
    public static HandshakeRequest Create(Uri target, HandshakeOverrides overrides, RunOptions options, CompressionNegotiation? compression = null)
    {
        var protocols = overrides.Protocols.Concat(options.Protocols ?? []).ToList();
        var request = HandshakeRequest.CreateDefault(target, protocols: protocols.Count > 0 ? protocols : null,
            extensions: compression is null ? null : [compression.HeaderValue]);
        if (overrides.Method is { } method)
        {
            request.Method = method;
        }

        if (overrides.HttpVersion is { } version)
        {
            request.HttpVersion = version;
        }

        foreach (var name in overrides.Remove)
        {
            request.Remove(name);
        }

        foreach (var (name, value) in overrides.Set)
        {
            request.Set(name, value);
        }

        foreach (var (name, value) in overrides.Add.Concat(options.ExtraHeaders ?? []))
        {
            request.Add(name, value);
        }

        return request;
    }
}
