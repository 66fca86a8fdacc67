using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Dmarc.Functions.OpenApi;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dmarc.Functions.Api;

public static class ApiSetup
{
    /// <summary>Problem details, API-key authentication, authorization policies, JSON and OpenAPI.</summary>
    public static IServiceCollection AddFunctionsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddDevelopmentSecretsCheck();

        services.AddProblemDetails();
        services.AddSingleton<ServerRejections>();
        services.AddOptions<KestrelServerOptions>().Configure<ServerRejections>((kestrel, rejections) =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => rejections.Middleware(next, kestrel.Limits))));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Always raise binding failures so BadRequestExceptionHandler can say what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Nothing here uses cookies or protected payloads: keep the key ring in memory.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false)));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CallerClaims.CallerPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(CallerClaims.AdminPolicy, p => p.RequireRole(CallerClaims.AdminRole));
        services.AddOpenApi(o => o.AddDocumentInfo().AddApiKeySecurity());
        return services;
    }

    /// <summary>The request pipeline: errors as problem details (Kestrel's own rejections too), request body limits, then authentication.</summary>
    public static WebApplication UseFunctionsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var rejections = app.Services.GetRequiredService<ServerRejections>();
        app.Use((context, next) =>
        {
            rejections.Enter(context);
            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
