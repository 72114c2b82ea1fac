namespace Gapwatch.Web.Tests;

/// <summary>One server shared by the read-mostly test classes (they run one after another).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerGroup : ICollectionFixture<SharedServer>
{
    public const string Name = "server";
}
