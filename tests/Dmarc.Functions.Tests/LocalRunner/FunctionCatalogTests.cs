using Dmarc.Functions.LocalRunner;
using Microsoft.Extensions.Configuration;

namespace Dmarc.Functions.Tests.LocalRunner;

public class FunctionCatalogTests
{
    [Fact]
    public void Reads_the_trigger_of_each_kind()
    {
        var http = FunctionCatalog.Parse("A", """{ "bindings": [ { "type": "httpTrigger", "name": "req", "methods": ["get", "post"], "route": "x/{id}" }, { "type": "http", "name": "res", "direction": "out" } ] }""");
        var timer = FunctionCatalog.Parse("B", """{ "bindings": [ { "type": "timerTrigger", "name": "t", "schedule": "0 0 * * * *", "runOnStartup": true } ] }""");

        Assert.True(http.Trigger.IsHttp);
        Assert.Equal(["GET", "POST"], http.Trigger.Methods);
        Assert.Equal("x/{id}", http.Trigger.Route);
        Assert.Equal(("0 0 * * * *", true), (timer.Trigger.Schedule, timer.Trigger.RunOnStartup));
    }

    [Theory]
    [InlineData("""{ "bindings": [] }""", "exactly one trigger binding, found 0")]
    [InlineData("""{ "bindings": [ { "type": "queueTrigger", "name": "a" }, { "type": "blobTrigger", "name": "b" } ] }""", "found 2")]
    [InlineData("""{ "bindings": [ { "type": "queueTrigger" } ] }""", "the trigger has no 'name'")]
    public void Broken_files_are_refused_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => FunctionCatalog.Parse("F", json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void App_settings_in_percent_signs_are_resolved()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Queues:Work"] = "jobs" }).Build();

        Assert.Equal("jobs-in", FunctionCatalog.ResolveSettings("%Queues__Work%-in", configuration));
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.ResolveSettings("%Missing%", configuration));
        Assert.Contains("'Missing'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inbound/{name}", "inbound", "", "name")]
    [InlineData("inbound/mail/{file}", "inbound", "mail/", "file")]
    public void Blob_paths_split_into_container_prefix_and_parameter(string path, string container, string prefix, string parameter)
    {
        Assert.Equal(new BlobPath(container, prefix, parameter), BlobPath.Parse(path));
    }

    [Theory]
    [InlineData("inbound")]
    [InlineData("{name}")]
    [InlineData("inbound/{name}.xml")]
    [InlineData("inbound/{a}/{b}")]
    public void Unsupported_blob_paths_are_refused(string path)
    {
        Assert.Throws<FormatException>(() => BlobPath.Parse(path));
    }
}
