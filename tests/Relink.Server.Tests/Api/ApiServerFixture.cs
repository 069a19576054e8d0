using System.Net;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Api;

/// <summary>
/// One server per test class with the API on (and several devices per account), holding users ann, bob and cid
/// (password <see cref="Users.Password"/>) and the group "1" ("Club": ann the owner, bob a member).
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    /// <summary>The server's API key.</summary>
    public const string Key = "test-api-key-0123456789";

    /// <summary>The seeded group's id.</summary>
    public const string GroupId = "1";

    public TestServer Server { get; private set; } = null!;

    /// <summary>An API client with the key.</summary>
    public ServerApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(["--api-key", Key, "--multi-device"]);
        Api = new ServerApiClient(Server, Key);
        foreach (string id in new[] { "ann", "bob", "cid" })
        {
            await ServerApiClient.JsonAsync(await Api.PostAsync("users", new { id, password = Users.Password }), HttpStatusCode.Created);
        }

        var group = await ServerApiClient.JsonAsync(await Api.PostAsync("groups", new { name = "Club", ownerId = "ann", memberIds = new[] { "bob" } }), HttpStatusCode.Created);
        group.GetProperty("id").GetString().ShouldBe(GroupId);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Server.DisposeAsync();
    }
}
