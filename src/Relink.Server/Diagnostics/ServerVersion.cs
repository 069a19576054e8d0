using System.Reflection;

namespace Relink.Server.Diagnostics;

/// <summary>The server's version: the one <c>&lt;Version&gt;</c> in Directory.Build.props, stamped into the assembly.</summary>
public static class ServerVersion
{
    /// <summary>"0.1.0", as <c>Relink.Server.Host --version</c> prints it.</summary>
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
