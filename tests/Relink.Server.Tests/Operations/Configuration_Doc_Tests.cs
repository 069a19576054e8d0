using System.Reflection;
using System.Text.RegularExpressions;
using Relink.Server.Configuration;
using Relink.Testing;

namespace Relink.Server.Tests.Operations;

/// <summary>docs/configuration.md has a row for every option and every flag the server takes.</summary>
public sealed partial class Configuration_Doc_Tests
{
    private static readonly string[] DocRows = File.ReadAllLines(RepositoryFiles.PathOf("docs/configuration.md"))
        .Where(line => line.StartsWith('|'))
        .ToArray();

    [Fact]
    public void Every_option_has_a_row_naming_its_key_and_environment_variable()
    {
        var missing = Options(typeof(RelinkServerOptions), RelinkServerOptions.Section)
            .Where(option => !DocRows.Any(row => row.Contains($"`{option.Key}`", StringComparison.Ordinal)
                && row.Contains($"`{option.EnvironmentVariable}`", StringComparison.Ordinal)))
            .Select(option => $"{option.Key} ({option.Property}; environment variable {option.EnvironmentVariable})")
            .ToList();

        missing.ShouldBeEmpty(
            "docs/configuration.md has no table row for these options: add a row "
            + "'| `KEY` | flag or — | `ENVIRONMENT_VARIABLE` | default | unit | meaning |' for each:\n  "
            + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_flag_has_a_row()
    {
        var flags = CommandLineFlags.ValueFlags.Keys
            .Concat(UsageFlag().Matches(CommandLineFlags.Usage).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        var missing = flags.Where(flag => !DocRows.Any(row => row.Contains("`" + flag, StringComparison.Ordinal))).ToList();

        flags.ShouldContain("--no-demo"); // the usage text is where valueless switches are listed: the scan must see them
        missing.ShouldBeEmpty("docs/configuration.md names no row with these flags (as `--flag ...` in the flag column): " + string.Join(", ", missing));
    }

    [Fact]
    public void The_scan_finds_nested_options_with_their_full_key()
    {
        var keys = Options(typeof(RelinkServerOptions), RelinkServerOptions.Section).Select(o => o.Key).ToList();

        keys.ShouldContain("Relink:TcpPort");
        keys.ShouldContain("Relink:Limits:SendBurst");
        keys.ShouldContain("Relink:Tls:CertificatePath");
        keys.ShouldNotContain("Relink:Limits"); // a group of options is not an option itself
        keys.ShouldNotContain("Relink:EffectiveSweepInterval"); // computed, not settable
    }

    /// <summary>Every public settable property, descending into option classes of the server's own assembly.</summary>
    private static IEnumerable<OptionKey> Options(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            string key = prefix + ":" + property.Name;
            if (IsOptionGroup(property.PropertyType))
            {
                foreach (var nested in Options(property.PropertyType, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new OptionKey(key, key.Replace(":", "__", StringComparison.Ordinal), $"{type.Name}.{property.Name}");
            }
        }
    }

    private static bool IsOptionGroup(Type type) =>
        type.IsClass && type != typeof(string) && type.Assembly == typeof(RelinkServerOptions).Assembly;

    private sealed record OptionKey(string Key, string EnvironmentVariable, string Property);

    // A usage line that starts with a flag: "  --no-demo   do not create ..."
    [GeneratedRegex(@"^\s+(--[a-z][a-z-]+)", RegexOptions.Multiline)]
    private static partial Regex UsageFlag();
}
