using WsConformance.TestServers.External;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>The HTTP/2 front ends (reverse proxies) a test can need; .ci/run installs both.</summary>
public enum Http2Proxy
{
    /// <summary>Debian nghttp2-proxy.</summary>
    Nghttpx,

    /// <summary>Debian haproxy.</summary>
    Haproxy,
}

/// <summary>A fact that needs an HTTP/2 front end; skipped, saying how to install it, where it is missing.</summary>
public sealed class Http2FrontEndFactAttribute : FactAttribute
{
    public Http2FrontEndFactAttribute(Http2Proxy proxy)
    {
        var (executable, package) = proxy switch
        {
            Http2Proxy.Nghttpx => (Http2FrontEnd.NghttpxExecutable, "nghttp2-proxy"),
            _ => (Http2FrontEnd.HaproxyExecutable, "haproxy"),
        };
        if (executable is null)
        {
            Skip = $"{proxy} is not installed (apt-get install {package}; .ci/run installs it).";
        }
    }
}
