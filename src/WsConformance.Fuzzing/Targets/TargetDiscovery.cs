using dnlib.DotNet;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Finds fuzz targets in an assembly file by reading its metadata, without loading it.</summary>
public static class TargetDiscovery
{
    private const string AttributeName = "FuzzTargetAttribute";
    private const string ConventionMethod = "Fuzz";

    /// <summary>Every target in the assembly at <paramref name="path"/>, sorted by name.</summary>
    public static IReadOnlyList<FuzzTargetInfo> Discover(string path)
    {
        // Read from memory: the file stays free to be replaced (by an instrumented build, say) while we run.
        using ModuleDefMD module = ModuleDefMD.Load(File.ReadAllBytes(path));
        var targets = new List<FuzzTargetInfo>();
        foreach (TypeDef type in module.GetTypes().Where(type => type.IsPublic || type.IsNestedPublic))
        {
            foreach (MethodDef method in type.Methods.Where(HasTargetSignature))
            {
                if (method.CustomAttributes.FirstOrDefault(attribute => attribute.AttributeType.Name == AttributeName) is { } attribute)
                {
                    targets.Add(FromAttribute(type, method, attribute));
                }
                else if (method.Name == ConventionMethod && type.IsAbstract && type.IsSealed)
                {
                    targets.Add(new FuzzTargetInfo(type.Name.String, "", ReflectionName(type), method.Name.String, [], Frames: false));
                }
            }
        }

        return targets.OrderBy(target => target.Name, StringComparer.Ordinal).ToList();
    }

    private static FuzzTargetInfo FromAttribute(TypeDef type, MethodDef method, CustomAttribute attribute)
    {
        string Named(string name) => attribute.GetProperty(name)?.Value is UTF8String value ? value.String : "";
        bool frames = attribute.GetProperty(nameof(FuzzTargetAttribute.Frames))?.Value is true;
        string instrument = Named(nameof(FuzzTargetAttribute.Instrument));
        return new FuzzTargetInfo(
            ((UTF8String)attribute.ConstructorArguments[0].Value).String,
            Named(nameof(FuzzTargetAttribute.Description)),
            ReflectionName(type),
            method.Name.String,
            instrument.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            frames);
    }

    private static bool HasTargetSignature(MethodDef method) =>
        method.IsStatic && method.IsPublic && method.ReturnType.ElementType == ElementType.Void && method.Parameters.Count == 1
        && method.Parameters[0].Type.FullName == "System.ReadOnlySpan`1<System.Byte>";

    /// <summary>dnlib writes nested types as Outer/Inner; reflection wants Outer+Inner.</summary>
    private static string ReflectionName(TypeDef type) => type.FullName.Replace('/', '+');
}
