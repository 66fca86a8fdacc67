using Dmarc.Adapters.Storage;

namespace Dmarc.Adapters.Tests.Storage;

public class StorageOptionsValidatorTests
{
    private static readonly Uri Blob = new("https://acct.blob.core.windows.net/");
    private static readonly Uri Table = new("https://acct.table.core.windows.net/");
    private static readonly Uri Queue = new("https://acct.queue.core.windows.net/");

    [Fact]
    public void A_connection_string_alone_is_enough()
    {
        Assert.True(Validate(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }).Succeeded);
    }

    [Fact]
    public void Three_https_service_uris_are_enough()
    {
        Assert.True(Validate(new StorageOptions { BlobServiceUri = Blob, TableServiceUri = Table, QueueServiceUri = Queue }).Succeeded);
    }

    [Fact]
    public void Nothing_configured_says_how_to_configure_it()
    {
        var result = Validate(new StorageOptions());
        Assert.Contains("Storage:ConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_service_uri_is_named()
    {
        var result = Validate(new StorageOptions { BlobServiceUri = Blob, TableServiceUri = Table });
        Assert.Equal("Missing Storage:QueueServiceUri: with managed identity all three service URIs are required.", result.FailureMessage);
    }

    [Fact]
    public void Plain_http_service_uris_are_refused()
    {
        var result = Validate(new StorageOptions { BlobServiceUri = new Uri("http://acct.blob.core.windows.net/"), TableServiceUri = Table, QueueServiceUri = Queue });
        Assert.Equal("Storage:BlobServiceUri must be an absolute https URI, got 'http://acct.blob.core.windows.net/'.", result.FailureMessage);
    }

    [Fact]
    public void Both_ways_at_once_are_refused()
    {
        var result = Validate(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", BlobServiceUri = Blob });
        Assert.Contains("not both", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    public void Bad_resource_prefixes_are_refused(string prefix)
    {
        var result = Validate(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", ResourcePrefix = prefix });
        Assert.Contains("Storage:ResourcePrefix", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_are_bounded()
    {
        var result = Validate(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", MaxRetries = 50 });
        Assert.Equal("Storage:MaxRetries must be between 0 and 10.", result.FailureMessage);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(StorageOptions options) =>
        new StorageOptionsValidator().Validate(null, options);
}
