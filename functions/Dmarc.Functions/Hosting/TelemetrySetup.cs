using Azure.Monitor.OpenTelemetry.AspNetCore;
using Dmarc.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dmarc.Functions.Hosting;

/// <summary>Where the app's traces and metrics go, decided from two settings the platforms set.</summary>
public sealed record TelemetryExports(bool AzureMonitor, bool Otlp)
{
    /// <summary>The connection string App Service sets when the app has Application Insights.</summary>
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The OpenTelemetry SDK's standard setting for an OTLP collector.</summary>
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TelemetryExports From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(!string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]), !string.IsNullOrWhiteSpace(configuration[OtlpSetting]));
    }
}

public static class TelemetrySetup
{
    public const string ServiceName = "dmarc-functions";

    /// <summary>
    /// OpenTelemetry for the "Dmarc" ActivitySource and Meter (<see cref="DmarcTelemetry"/>): exported to
    /// Azure Monitor when <see cref="TelemetryExports.AzureMonitorSetting"/> is set, over OTLP when
    /// <see cref="TelemetryExports.OtlpSetting"/> is set (the exporter reads the other OTEL_* settings
    /// itself), to both when both are set, and nowhere otherwise. A trace starts at the host's call
    /// of the function (the request's span) and holds the app's spans below it.
    /// </summary>
    public static IServiceCollection AddDmarcTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var exports = TelemetryExports.From(configuration);
        services.AddSingleton(exports);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t.AddSource(DmarcTelemetry.Name))
            .WithMetrics(m => m.AddMeter(DmarcTelemetry.Name));
        if (exports.AzureMonitor)
        {
            // The distro adds the ASP.NET Core instrumentation itself.
            telemetry.UseAzureMonitor(o => o.ConnectionString = configuration[TelemetryExports.AzureMonitorSetting]);
        }
        else
        {
            // Each invocation the host forwards is an HTTP request: its span is the root of the function's trace.
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation());
        }

        if (exports.Otlp)
        {
            telemetry.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }

        return services;
    }
}
