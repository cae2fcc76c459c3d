namespace WsConformance.Cases;

internal static class AssemblyMarker;
