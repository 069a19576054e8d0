namespace Relink.Testing;

/// <summary>A folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh, empty folder.</summary>
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("relink-").FullName;
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that still holds a file (a SQLite WAL being checkpointed) must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
