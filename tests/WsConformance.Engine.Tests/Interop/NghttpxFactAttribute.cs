namespace WsConformance.Engine.Tests.Interop;

/// <summary>A fact that needs nghttpx (Debian: nghttp2-proxy, which .ci/run installs); skipped, saying so, where it is missing.</summary>
public sealed class NghttpxFactAttribute : FactAttribute
{
    public NghttpxFactAttribute()
    {
        if (Nghttpx.Executable is null)
        {
            Skip = "nghttpx is not installed (apt-get install nghttp2-proxy; .ci/run installs it).";
        }
    }
}
