using System.Reflection;
using System.Text.RegularExpressions;

namespace Relink.Testing;

/// <summary>The repository the tests were built from: its root folder, its files, the version it declares.</summary>
public static partial class RepositoryFiles
{
    /// <summary>The folder holding Relink.slnx, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The <c>&lt;Version&gt;</c> in Directory.Build.props: the one place the version is written.</summary>
    public static string Version { get; } =
        VersionElement().Match(File.ReadAllText(Path.Combine(Root, "Directory.Build.props"))) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("Directory.Build.props declares no <Version>.");

    /// <summary>"Release" or "Debug": the configuration these tests were built in, for tools run on the same build.</summary>
    public static string Configuration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The full path of a file given relative to the root ("docs/configuration.md").</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Relink.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Relink.slnx above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
