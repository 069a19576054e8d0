using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Relink.Js.Tests;

/// <summary>The npm package: what `npm pack` puts in it, its declarations, its version.</summary>
public sealed partial class Package_Tests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("relink-js-").FullName;

    [Fact]
    public async Task Npm_pack_makes_a_tarball_with_every_module_its_declarations_and_no_tests()
    {
        var (exitCode, output) = await NodeTool.RunAsync("npm", ["pack", "--pack-destination", _scratch]);
        exitCode.ShouldBe(0, output);

        string tarball = Directory.GetFiles(_scratch, "*.tgz").ShouldHaveSingleItem();
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                using var reader = new StreamReader(entry.DataStream ?? Stream.Null);
                entries[entry.Name["package/".Length..]] = await reader.ReadToEndAsync();
            }
        }

        var modules = Directory.EnumerateFiles(Path.Combine(NodeTool.PackageDirectory, "src"), "*.js", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(NodeTool.PackageDirectory, f).Replace('\\', '/'))
            .ToList();
        modules.ShouldContain("src/index.js");
        foreach (string module in modules)
        {
            entries.ShouldContainKey(module);
            entries.ShouldContainKey("types/" + module["src/".Length..^".js".Length] + ".d.ts");
        }

        entries.ShouldContainKey("README.md");
        entries.Keys.ShouldNotContain(k => k.StartsWith("test/", StringComparison.Ordinal) || k.StartsWith("node_modules/", StringComparison.Ordinal));
        using var manifest = JsonDocument.Parse(entries["package.json"]);
        var root = manifest.RootElement;
        root.TryGetProperty("dependencies", out _).ShouldBeFalse("the SDK has no runtime dependencies");
        var exports = root.GetProperty("exports").GetProperty(".");
        entries.ShouldContainKey(exports.GetProperty("types").GetString()!.TrimStart('.', '/'));
        entries.ShouldContainKey(exports.GetProperty("default").GetString()!.TrimStart('.', '/'));
        entries["types/relink-client.d.ts"].ShouldContain("send({ to, group, text }");
    }

    [Fact]
    public async Task The_declarations_are_generated_from_the_current_code_and_a_TypeScript_app_compiles_against_them()
    {
        await NodeTool.InstallDevelopmentToolsAsync();

        var (exitCode, output) = await NodeTool.RunAsync("npx", ["tsc", "-p", "tsconfig.json", "--declarationDir", _scratch]);
        exitCode.ShouldBe(0, output);
        string committed = Path.Combine(NodeTool.PackageDirectory, "types");
        var generated = Directory.EnumerateFiles(_scratch, "*.d.ts", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_scratch, f)).Order().ToList();
        Directory.EnumerateFiles(committed, "*.d.ts", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committed, f)).Order().ToList()
            .ShouldBe(generated, customMessage: "clients/js/types is out of date: run `npm run types` in clients/js");
        foreach (string file in generated)
        {
            (await File.ReadAllTextAsync(Path.Combine(committed, file))).ShouldBe(await File.ReadAllTextAsync(Path.Combine(_scratch, file)),
                $"clients/js/types/{file} is out of date: run `npm run types` in clients/js");
        }

        (exitCode, output) = await NodeTool.RunAsync("npx", ["tsc", "-p", "test/types/tsconfig.json"]);
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public void The_package_version_is_the_repository_version()
    {
        string package = File.ReadAllText(Path.Combine(NodeTool.PackageDirectory, "package.json"));
        string version = JsonDocument.Parse(package).RootElement.GetProperty("version").GetString()!;
        var repository = VersionPattern().Match(File.ReadAllText(Path.Combine(NodeTool.RepositoryRoot, "Directory.Build.props")));

        version.ShouldBe(repository.Success ? repository.Groups[1].Value : "0.1.0");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionPattern();
}
