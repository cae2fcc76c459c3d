namespace WsConformance.Targets;

internal static class AssemblyMarker;
