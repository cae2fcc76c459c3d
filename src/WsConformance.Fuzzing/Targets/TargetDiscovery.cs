using Mono.Cecil;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Finds fuzz targets in an assembly file by reading its metadata, without loading it.</summary>
public static class TargetDiscovery
{
    private const string AttributeName = "FuzzTargetAttribute";
    private const string ConventionMethod = "Fuzz";

    /// <summary>Every target in the assembly at <paramref name="path"/>, sorted by name.</summary>
    public static IReadOnlyList<FuzzTargetInfo> Discover(string path)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { InMemory = true });
        var targets = new List<FuzzTargetInfo>();
        foreach (TypeDefinition type in assembly.MainModule.GetTypes().Where(type => type.IsPublic || type.IsNestedPublic))
        {
            foreach (MethodDefinition method in type.Methods.Where(HasTargetSignature))
            {
                if (method.CustomAttributes.FirstOrDefault(attribute => attribute.AttributeType.Name == AttributeName) is { } attribute)
                {
                    targets.Add(FromAttribute(type, method, attribute));
                }
                else if (method.Name == ConventionMethod && type.IsAbstract && type.IsSealed)
                {
                    targets.Add(new FuzzTargetInfo(type.Name, "", ReflectionName(type), method.Name, [], Frames: false));
                }
            }
        }

        return targets.OrderBy(target => target.Name, StringComparer.Ordinal).ToList();
    }

    private static FuzzTargetInfo FromAttribute(TypeDefinition type, MethodDefinition method, CustomAttribute attribute)
    {
        string Named(string name) => attribute.Properties.FirstOrDefault(p => p.Name == name).Argument.Value as string ?? "";
        bool frames = attribute.Properties.FirstOrDefault(p => p.Name == nameof(FuzzTargetAttribute.Frames)).Argument.Value is true;
        string instrument = Named(nameof(FuzzTargetAttribute.Instrument));
        return new FuzzTargetInfo(
            (string)attribute.ConstructorArguments[0].Value,
            Named(nameof(FuzzTargetAttribute.Description)),
            ReflectionName(type),
            method.Name,
            instrument.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            frames);
    }

    private static bool HasTargetSignature(MethodDefinition method) =>
        method.IsStatic && method.IsPublic && method.ReturnType.MetadataType == MetadataType.Void && method.Parameters.Count == 1
        && method.Parameters[0].ParameterType.FullName == "System.ReadOnlySpan`1<System.Byte>";

    /// <summary>Cecil writes nested types as Outer/Inner; reflection wants Outer+Inner.</summary>
    private static string ReflectionName(TypeDefinition type) => type.FullName.Replace('/', '+');
}
