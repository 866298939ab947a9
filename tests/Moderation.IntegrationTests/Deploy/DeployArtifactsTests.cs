using System.Text.Json;
using System.Text.RegularExpressions;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.IntegrationTests.Telemetry;
using YamlDotNet.RepresentationModel;

namespace Moderation.IntegrationTests.Deploy;

/// <summary>
/// No Docker engine or Kubernetes cluster runs here, so the deploy/ files are checked for what can be checked
/// without one: they parse, they have what they must, and they agree with the service (its ports, its entry
/// assembly, its health service, its metric names).
/// </summary>
public sealed partial class DeployArtifactsTests
{
    private static readonly string Root = Repository.Root;
    private static readonly string Deploy = Path.Combine(Root, "deploy");

    /// <summary>Labels the service puts on its metrics.</summary>
    private static readonly string[] Labels =
        ["moderation_site_id", "moderation_verdict", "moderation_rule_id", "moderation_queue", "moderation_action", "moderation_outcome", "moderation_scope", "moderation_operation"];

    [Fact]
    public void EveryYamlFile_Parses()
    {
        var files = Directory.GetFiles(Deploy, "*.y*ml", SearchOption.AllDirectories);
        Assert.True(files.Length >= 12, $"{files.Length} YAML files");
        foreach (var file in files)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            Assert.True(stream.Documents.Count > 0, file);
        }
    }

    [Fact]
    public void TheImage_RunsTheServerAssembly_AsNonRoot_OnTheServicesPorts_WithItsOwnHealthProbe()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "docker", "Dockerfile"));
        var assembly = typeof(Moderation.Server.Api.Health.HealthProbe).Assembly.GetName().Name + ".dll";

        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{assembly}\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("dotnet publish src/Moderation.Server/Moderation.Server.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^FROM .*dotnet/sdk:10\.0 AS build", dockerfile);
        Assert.Matches(@"(?m)^FROM .*dotnet/aspnet:10\.0", dockerfile);
        Assert.Matches(@"(?m)^USER (\$APP_UID|app|1654)\s*$", dockerfile);
        Assert.Contains($"\"--health-check\", \"http://127.0.0.1:5080\", \"moderation.v1.CommentService\"", dockerfile, StringComparison.Ordinal);
        var exposed = Regex.Match(dockerfile, @"(?m)^EXPOSE (.+)$").Groups[1].Value.Split(' ').Select(int.Parse).Order().ToArray();
        Assert.Equal([5080, 5090, 9464], exposed);
        Assert.Contains("Urls=http://+:5080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("HttpUrls=http://+:5090", dockerfile, StringComparison.Ordinal);
        Assert.Contains("Telemetry__PrometheusUrls=http://+:9464", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, ".dockerignore")));
    }

    [Fact]
    public void Compose_WiresTheServiceToRedisTheCollectorAndPrometheus_OnThePortsTheServiceUses()
    {
        var compose = Load(Path.Combine(Deploy, "compose.yaml"));
        var services = (YamlMappingNode)compose["services"];
        foreach (var name in new[] { "moderation", "redis", "otel-collector", "jaeger", "prometheus", "grafana" })
        {
            Assert.True(services.Children.ContainsKey(name), $"compose has no {name}");
        }
        var moderation = (YamlMappingNode)services["moderation"];
        var environment = (YamlMappingNode)moderation["environment"];
        Assert.Equal("redis:6379", Scalar(environment, "Redis__Configuration"));
        Assert.Equal("http://otel-collector:4317", Scalar(environment, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        var metricsPort = new Uri(Scalar(environment, "Telemetry__PrometheusUrls").Replace("+", "0.0.0.0", StringComparison.Ordinal)).Port;
        var published = ((YamlSequenceNode)moderation["ports"]).Select(p => ((YamlScalarNode)p).Value!).ToList();
        Assert.Contains("127.0.0.1:5080:5080", published);
        Assert.Contains("127.0.0.1:5090:5090", published);
        Assert.StartsWith("${MODERATION_ADMIN_KEY", Scalar(environment, "Moderation__BootstrapAdminKey"), StringComparison.Ordinal);
        Assert.StartsWith("${MODERATION_HASH_KEY", Scalar(environment, "Hashing__Key"), StringComparison.Ordinal);

        var prometheus = File.ReadAllText(Path.Combine(Deploy, "prometheus", "prometheus.yml"));
        Assert.Contains($"moderation:{metricsPort}", prometheus, StringComparison.Ordinal);
        var redisConf = File.ReadAllText(Path.Combine(Deploy, "redis", "redis.conf"));
        Assert.Matches(@"(?m)^appendonly yes", redisConf);
        Assert.Matches(@"(?m)^maxmemory-policy noeviction", redisConf);
        Assert.Contains("redis.conf", string.Join(' ', ((YamlSequenceNode)((YamlMappingNode)services["redis"])["command"]).Select(c => ((YamlScalarNode)c).Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_HasTheDeploymentWithGrpcProbesLimitsAndAServicePdbAndHpaAgreeingWithIt()
    {
        var folder = Path.Combine(Deploy, "kubernetes");
        var byKind = Directory.GetFiles(folder, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .Select(f => (File: Path.GetFileName(f), Doc: Load(f))).ToDictionary(d => Scalar(d.Doc, "kind"), d => d);
        foreach (var kind in new[] { "Namespace", "ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler" })
        {
            Assert.True(byKind.ContainsKey(kind), $"no {kind}");
        }
        var deployment = byKind["Deployment"].Doc;
        var name = Scalar((YamlMappingNode)deployment["metadata"], "name");
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
        var ports = ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>().ToDictionary(p => Scalar(p, "name"), p => int.Parse(Scalar(p, "containerPort"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5080, ports["grpc"]);
        Assert.Equal(5090, ports["http"]);
        Assert.Equal(9464, ports["metrics"]);
        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
        {
            var grpc = (YamlMappingNode)((YamlMappingNode)container[probe])["grpc"];
            Assert.Equal("5080", Scalar(grpc, "port"));
        }
        var resources = (YamlMappingNode)container["resources"];
        Assert.True(resources.Children.ContainsKey("requests") && resources.Children.ContainsKey("limits"));
        Assert.Equal("true", Scalar((YamlMappingNode)container["securityContext"], "runAsNonRoot"));

        var service = byKind["Service"].Doc;
        var servicePorts = ((YamlSequenceNode)((YamlMappingNode)service["spec"])["ports"]).Cast<YamlMappingNode>().ToList();
        Assert.All(servicePorts, p => Assert.Equal(ports[Scalar(p, "name")].ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(p, "port")));
        Assert.Equal(name, Scalar((YamlMappingNode)((YamlMappingNode)byKind["HorizontalPodAutoscaler"].Doc["spec"])["scaleTargetRef"], "name"));

        var config = (YamlMappingNode)byKind["ConfigMap"].Doc["data"];
        Assert.True(config.Children.ContainsKey("Redis__Configuration"));
        Assert.Equal("http://+:9464", Scalar(config, "Telemetry__PrometheusUrls"));

        // Every manifest is applied by kustomize except the example Secret, whose placeholders must not replace the real one.
        var listed = ((YamlSequenceNode)Load(Path.Combine(folder, "kustomization.yaml"))["resources"]).Select(r => ((YamlScalarNode)r).Value ?? "").ToHashSet();
        Assert.Equal(byKind.Values.Select(v => v.File).Where(f => f != "secret.example.yaml").ToHashSet(), listed);
    }

    [Fact]
    public void TheDashboardAndAlerts_UseOnlyMetricsTheServiceExports()
    {
        var dashboardFile = Path.Combine(Deploy, "grafana", "dashboards", "moderation.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(dashboardFile));
        Assert.Equal("moderation", dashboard.RootElement.GetProperty("uid").GetString());
        var exprs = new List<string>();
        Collect(dashboard.RootElement, exprs);
        Assert.True(exprs.Count >= 12, $"{exprs.Count} queries");
        var alerts = Load(Path.Combine(Deploy, "prometheus", "alerts.yml"));
        var rules = ((YamlSequenceNode)alerts["groups"]).Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()).ToList();
        Assert.True(rules.Count >= 5);
        exprs.AddRange(rules.Select(r => Scalar(r, "expr")));
        var alertNames = string.Join(' ', rules.Select(r => Scalar(r, "alert")));
        Assert.Contains("Pending", alertNames, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DeadLetter", alertNames, StringComparison.OrdinalIgnoreCase);

        var unknown = exprs.SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Select(n => Regex.Replace(n, "_(bucket|sum|count)$", ""))
            .Where(n => !PrometheusEndpointTests.Catalogue.Contains(n) && !Labels.Contains(n)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "not exported by the service: " + string.Join(", ", unknown));
    }

    private static void Collect(JsonElement element, List<string> exprs)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    exprs.Add(property.Value.GetString()!);
                }
                Collect(property.Value, exprs);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, exprs);
            }
        }
    }

    [GeneratedRegex(@"\bmoderation_[a-z_]+")]
    private static partial Regex MetricName();

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";
}
