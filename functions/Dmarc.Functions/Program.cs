using Dmarc.Adapters;
using Dmarc.Core;
using Dmarc.Functions.Api;
using Dmarc.Functions.Hosting;
using Dmarc.Functions.LocalRunner;

var builder = WebApplication.CreateBuilder(args);
builder.UseCustomHandlerPort();
builder.Services
    .AddDmarcCore()
    .AddDmarcAdapters(builder.Configuration)
    .AddFunctionsApi(builder.Configuration)
    .AddLocalTriggerRunner(builder.Configuration)
    .AddDmarcTelemetry(builder.Configuration);

var app = builder.Build();
app.UseFunctionsApi();
app.MapFunctions();
app.Run();

/// <summary>Entry point; public so the tests' WebApplicationFactory can start the app.</summary>
public partial class Program;
