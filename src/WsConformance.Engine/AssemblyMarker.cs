namespace WsConformance.Engine;

internal static class AssemblyMarker;
