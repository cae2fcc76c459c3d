namespace WsConformance.Protocol;

internal static class AssemblyMarker;
