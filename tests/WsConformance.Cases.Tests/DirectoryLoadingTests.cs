namespace WsConformance.Cases.Tests;

public sealed class DirectoryLoadingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wsconf-cases-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string SectionFile(string section, params string[] ids) =>
        $"section: \"{section}\"\ntitle: T\ndefaults:\n  {CaseYaml.Rfc}\n  expect: {{ OK: [] }}\n  close: {{ by: harness, codes: [1000] }}\ncases:\n"
        + string.Concat(ids.Select(id => $"  - {{ id: \"{id}\", title: t, steps: [] }}\n"));

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Loads_yaml_files_in_name_order_and_ignores_other_files()
    {
        Write("10-b.yaml", SectionFile("10", "10.1"));
        Write("02-a.yaml", SectionFile("2", "2.1", "2.2"));
        Write("notes.txt", "not a case file");

        var catalog = CatalogLoader.LoadDirectory(directory);

        Assert.Equal(["2", "10"], catalog.Sections.Select(s => s.Id));
        Assert.Equal(["2.1", "2.2", "10.1"], catalog.Cases.Select(c => c.Id));
        Assert.Equal(Path.Combine(directory, "02-a.yaml"), catalog.Cases[0].SourceFile);
        Assert.Empty(CatalogLoader.Validate(directory));
    }

    [Fact]
    public void Errors_of_all_files_are_reported_together_with_ids_duplicated_across_files()
    {
        var first = Write("01-a.yaml", SectionFile("1", "1.1", "1.2"));
        var second = Write("02-b.yaml", SectionFile("2", "2.1", "1.2").Replace("title: t", "title: t, bulk: 1", StringComparison.Ordinal));
        var third = Write("03-c.yaml", SectionFile("3", "1.1"));

        var errors = CatalogLoader.Validate(directory);

        Assert.Equal(
            [
                new CaseFileError(second, 8, 34, "expected true or false, got '1'"),
                new CaseFileError(second, 9, 34, "expected true or false, got '1'"),
                new CaseFileError(second, 9, 11, $"duplicate id '1.2' (first defined at {first}:9:11)"),
                new CaseFileError(third, 8, 11, $"duplicate id '1.1' (first defined at {first}:8:11)"),
            ],
            errors);
        Assert.Equal(errors, Assert.Throws<CaseLoadException>(() => CatalogLoader.LoadDirectory(directory)).Errors);
    }

    [Fact]
    public void Load_file_names_the_path_in_errors_and_cases()
    {
        var path = Write("05-x.yaml", SectionFile("5", "5.1"));
        var broken = Write("06-y.yaml", "section: \"6\"\ntitle: T\ncases: 3\n");

        Assert.Equal(path, Assert.Single(CatalogLoader.LoadFile(path).Cases).SourceFile);
        var error = Assert.Single(Assert.Throws<CaseLoadException>(() => CatalogLoader.LoadFile(broken)).Errors);
        Assert.Equal(new CaseFileError(broken, 3, 8, "expected a list of cases, got a scalar"), error);
    }

    [Fact]
    public void Missing_or_empty_directory_is_an_error()
    {
        var missing = Path.Combine(directory, "nope");

        Assert.Equal([new CaseFileError(missing, 1, 1, "no such directory")], CatalogLoader.Validate(missing));
        Assert.Equal([new CaseFileError(directory, 1, 1, "no *.yaml case files in the directory")], CatalogLoader.Validate(directory));
    }

    [Fact]
    public void Catalog_flattens_sections_again_when_they_are_replaced()
    {
        Write("01-a.yaml", SectionFile("1", "1.1"));
        Write("02-b.yaml", SectionFile("2", "2.1"));
        var catalog = CatalogLoader.LoadDirectory(directory);

        var narrowed = catalog with { Sections = [catalog.Sections[1]] };

        Assert.Equal(["2.1"], narrowed.Cases.Select(c => c.Id));
        Assert.Equal(catalog, new Catalog(catalog.Sections));
    }

    [Fact]
    public void Default_directory_is_the_cases_folder_next_to_the_assembly() =>
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "cases"), CatalogLoader.DefaultDirectory);
}
