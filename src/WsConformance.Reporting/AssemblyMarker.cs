namespace WsConformance.Reporting;

internal static class AssemblyMarker;
