using System.Reflection;
using Moderation.Contracts.V1;
using Moderation.Core.Rules;
using Moderation.Server.Intake;
using NetArchTest.Rules;

namespace Moderation.UnitTests;

/// <summary>
/// The arrows of docs/architecture.md, read from the compiled assemblies: the domain stands alone, gRPC stays in
/// Api/, only Storage/ talks to Redis, and the capability rooms of the server never depend on each other in a circle.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Server = "Moderation.Server";
    private static readonly Assembly ServerAssembly = typeof(CommentIntake).Assembly;
    private static readonly Assembly CoreAssembly = typeof(RulePipeline).Assembly;

    /// <summary>The first namespace segment below Moderation.Server of every type the server declares.</summary>
    private static readonly string[] Rooms = [.. ServerAssembly.GetTypes()
        .Select(t => t.Namespace ?? "")
        .Where(n => n.StartsWith(Server + ".", StringComparison.Ordinal))
        .Select(n => n[(Server.Length + 1)..].Split('.')[0])
        .Distinct()
        .Order(StringComparer.Ordinal)];

    [Fact]
    public void TheDomain_DependsOnNoHostStoreOrWireType()
    {
        var result = Types.InAssembly(CoreAssembly).Should()
            .NotHaveDependencyOnAny(Server, "Moderation.Contracts", "StackExchange.Redis", "Grpc", "Google.Protobuf", "Microsoft.AspNetCore", "Microsoft.Extensions")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "Moderation.Core depends on the host, Redis, gRPC, protobuf or ASP.NET"));
    }

    [Fact]
    public void GrpcTypes_StayInTheApi()
    {
        var result = Types.InAssembly(ServerAssembly).That().ResideInNamespace(Server).And().DoNotResideInNamespace(Server + ".Api")
            .Should().NotHaveDependencyOnAny("Grpc.Core", "Grpc.AspNetCore")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "outside Api/, these use gRPC types"));
    }

    [Fact]
    public void RequestAndResponseMessages_StayInTheApi()
    {
        // Below the API, the contract's messages are only the stored record format: comments, sites, settings.
        var serviceMessages = typeof(SubmitCommentRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(SubmitCommentRequest).Namespace && (t.Name.EndsWith("Request", StringComparison.Ordinal) || t.Name.EndsWith("Response", StringComparison.Ordinal)))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.NotEmpty(serviceMessages);

        var result = Types.InAssembly(ServerAssembly).That().ResideInNamespace(Server).And().DoNotResideInNamespace(Server + ".Api")
            .Should().NotHaveDependencyOnAny(serviceMessages)
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "outside Api/, these use request or response messages"));
    }

    [Fact]
    public void OnlyStorage_TalksToRedis()
    {
        var result = Types.InAssembly(ServerAssembly).That().ResideInNamespace(Server).And().DoNotResideInNamespace(Server + ".Storage")
            .Should().NotHaveDependencyOn("StackExchange.Redis")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "outside Storage/, these use Redis types"));
    }

    [Fact]
    public void Storage_DependsOnNoOtherRoom()
    {
        var others = Rooms.Where(r => r != "Storage").Select(r => $"{Server}.{r}").ToArray();

        var result = Types.InAssembly(ServerAssembly).That().ResideInNamespace(Server + ".Storage")
            .Should().NotHaveDependencyOnAny(others)
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "Storage/ depends on another room of the server"));
    }

    [Fact]
    public void NoRoomOfTheServer_DependsOnTheApiOrTheHost()
    {
        var result = Types.InAssembly(ServerAssembly).That().ResideInNamespace(Server)
            .And().DoNotResideInNamespace(Server + ".Api").And().DoNotResideInNamespace(Server + ".Hosting")
            .Should().NotHaveDependencyOnAny(Server + ".Api", Server + ".Hosting")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "these depend on the API or the host"));
    }

    [Fact]
    public void TheRooms_DependOnEachOtherWithoutCycles()
    {
        Assert.Contains("Intake", Rooms);
        var types = Types.InAssembly(ServerAssembly);
        var edges = Rooms.ToDictionary(r => r, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var from in Rooms)
        {
            foreach (var to in Rooms.Where(r => r != from))
            {
                var uses = !types.That().ResideInNamespace($"{Server}.{from}").ShouldNot().HaveDependencyOn($"{Server}.{to}").GetResult().IsSuccessful;
                if (uses)
                {
                    edges[from].Add(to);
                }
            }
        }

        var cycle = FindCycle(edges);

        Assert.True(cycle is null, $"The server's rooms depend on each other in a circle: {string.Join(" → ", cycle ?? [])}");
    }

    private static List<string>? FindCycle(Dictionary<string, List<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in edges.Keys)
        {
            if (Visit(start) is { } found)
            {
                return found;
            }
        }
        return null;

        List<string>? Visit(string room)
        {
            if (state.GetValueOrDefault(room) == 2)
            {
                return null;
            }
            if (state.GetValueOrDefault(room) == 1)
            {
                return [.. path[path.IndexOf(room)..], room];
            }
            state[room] = 1;
            path.Add(room);
            foreach (var next in edges[room])
            {
                if (Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[room] = 2;
            return null;
        }
    }

    private static string Failing(TestResult result, string what) =>
        $"{what}: {string.Join(", ", result.FailingTypeNames ?? [])}";
}
