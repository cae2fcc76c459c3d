using WsConformance.Cases.Loading;
using WsConformance.Cases.Model;
using YamlDotNet.Core;

namespace WsConformance.Cases;

/// <summary>
/// Loads case files (format: <c>cases/README.md</c>) into <see cref="CaseSection"/>s. Every error of a file
/// is collected, each with file, line and column, before anything is thrown.
/// </summary>
public static class CatalogLoader
{
    private const string CaseFilePattern = "*.yaml";
    private const string CatalogFolder = "cases";

    /// <summary>The catalog shipped with the tool: the <c>cases</c> folder copied next to the assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, CatalogFolder);

    /// <summary>Loads one case file; throws <see cref="CaseLoadException"/> with all of its errors.</summary>
    public static CaseSection LoadFile(string path)
    {
        var loaded = ReadFile(path);
        return loaded.Section ?? throw new CaseLoadException(loaded.Errors);
    }

    /// <summary>Loads case-file text; <paramref name="fileName"/> names it in errors and in <see cref="CaseDefinition.SourceFile"/>.</summary>
    public static CaseSection Parse(string yaml, string fileName)
    {
        var loaded = SectionReader.Read(yaml, fileName);
        return loaded.Section ?? throw new CaseLoadException(loaded.Errors);
    }

    /// <summary>Loads every <c>*.yaml</c> of <paramref name="directory"/> in name order; throws with the errors of all files.</summary>
    public static Catalog LoadDirectory(string directory)
    {
        var (sections, errors) = ReadDirectory(directory);
        return errors.Count == 0 ? new Catalog(sections) : throw new CaseLoadException(errors);
    }

    /// <summary>Every error of every case file in <paramref name="directory"/> (ids duplicated across files included); empty when all is fine.</summary>
    public static IReadOnlyList<CaseFileError> Validate(string directory) => ReadDirectory(directory).Errors;

    /// <summary>Every error of one case file; empty when it is fine.</summary>
    public static IReadOnlyList<CaseFileError> ValidateFile(string path) => ReadFile(path).Errors;

    private static LoadedFile ReadFile(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new LoadedFile(null, [new CaseFileError(path, 1, 1, $"cannot read the file: {exception.Message}")], new Dictionary<string, Mark>());
        }

        return SectionReader.Read(yaml, path);
    }

    private static (List<CaseSection> Sections, List<CaseFileError> Errors) ReadDirectory(string directory)
    {
        var sections = new List<CaseSection>();
        var errors = new List<CaseFileError>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new CaseFileError(directory, 1, 1, "no such directory"));
            return (sections, errors);
        }

        var files = Directory.GetFiles(directory, CaseFilePattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            errors.Add(new CaseFileError(directory, 1, 1, $"no {CaseFilePattern} case files in the directory"));
        }

        var firstDefinition = new Dictionary<string, (string File, Mark Mark)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var loaded = ReadFile(file);
            errors.AddRange(loaded.Errors);
            if (loaded.Section is not null)
            {
                sections.Add(loaded.Section);
            }

            foreach (var (id, mark) in loaded.Ids)
            {
                if (!firstDefinition.TryAdd(id, (file, mark)))
                {
                    var first = firstDefinition[id];
                    errors.Add(new CaseFileError(file, (int)mark.Line, (int)mark.Column,
                        $"duplicate id '{id}' (first defined at {first.File}:{first.Mark.Line}:{first.Mark.Column})"));
                }
            }
        }

        return (sections, errors);
    }
}
