using Relink.Storage.Postgres;
using Relink.Testing.Postgres;

namespace Relink.Storage.Tests.Postgres;

/// <summary>A fresh database on the test run's shared PostgreSQL server, dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private PostgresDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The connection string to it.</summary>
    public string ConnectionString => _server.ConnectionString(Name);

    /// <summary>Creates an empty database on the shared server (starting the server on first use).</summary>
    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = await PostgresServer.SharedAsync();
        return new PostgresDatabase(server, await server.CreateDatabaseAsync());
    }

    /// <summary>A store on this database, initialized.</summary>
    public async Task<PostgresChatStore> OpenStoreAsync()
    {
        var store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = ConnectionString });
        await store.InitializeAsync();
        return store;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(Name);
}
