using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Shopify;

namespace Gapwatch.Connectors.Tests.Credentials;

public sealed class ConnectionStoreTests : IDisposable
{
    private const string Token = "shpat_0123456789abcdef0123456789abcdef";
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-credentials-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private string Workspace(string name) => Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;

    [Fact]
    public void SaveShopify_KeepsTheTokenEncryptedAndReadsItBack()
    {
        var workspace = Workspace("a");
        ConnectionStore.Open(workspace).SaveShopify("shopify", ShopifyConnection.ForShop("acme", Token));

        var stored = Assert.Single(ConnectionStore.Open(workspace).List());
        var connection = ConnectionStore.Open(workspace).OpenShopify(stored);

        Assert.Equal(("shopify", "https://acme.myshopify.com/"), (stored.Name, stored.Address));
        Assert.Equal(Token, connection.AccessToken);
        Assert.DoesNotContain(Token, File.ReadAllText(Path.Combine(workspace, ".gapwatch", "connections.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, stored.ToString() + connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OpenShopify_SecretCopiedIntoAnotherWorkspace_DoesNotDecrypt()
    {
        var a = Workspace("a");
        var b = Workspace("b");
        var stored = ConnectionStore.Open(a).SaveShopify("shopify", ShopifyConnection.ForShop("acme", Token));
        Directory.CreateDirectory(Path.Combine(b, ".gapwatch"));
        CopyFolder(Path.Combine(a, ".gapwatch", "keys"), Path.Combine(b, ".gapwatch", "keys"));

        var error = Assert.Throws<CredentialException>(() => ConnectionStore.Open(b).OpenShopify(stored));

        Assert.Contains("gapwatch connect shopify", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_PlainHttpOutsideLoopback_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ShopifyConnection(new Uri("http://acme.myshopify.com"), Token));
        Assert.Equal("127.0.0.1", new ShopifyConnection(new Uri("http://127.0.0.1:5000"), Token).ShopAddress.Host);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
