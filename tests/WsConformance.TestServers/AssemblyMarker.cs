namespace WsConformance.TestServers;

internal static class AssemblyMarker;
