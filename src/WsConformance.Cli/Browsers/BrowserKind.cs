namespace WsConformance.Cli.Browsers;

/// <summary>The browsers <c>wsconf serve --browser</c> can start headless on the client page.</summary>
internal enum BrowserKind
{
    Chromium,
    Firefox,
}
