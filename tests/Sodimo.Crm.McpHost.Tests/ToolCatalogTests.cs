using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

public sealed class ToolCatalogTests
{
    private static readonly string[] AllTools =
        ["crm_list_deals", "crm_get_contact", "crm_upsert_contact", "crm_advance_stage", "crm_add_activity", "crm_search"];

    [Fact]
    public async Task ListTools_Snapshot_NamesDescriptionsSchemasAndAnnotationsUnchanged()
    {
        await using var mcp = await InProcessMcp.StartAsync(new FakeCrmBackend());
        var tools = await mcp.Client.ListToolsAsync();

        var catalogue = new JsonArray();
        foreach (var t in tools.OrderBy(t => Array.IndexOf(AllTools, t.Name)))
        {
            catalogue.Add(JsonSerializer.SerializeToNode(t.ProtocolTool, ModelContextProtocol.McpJsonUtilities.DefaultOptions));
        }

        Snapshot.Match(JToken.Parse(catalogue.ToJsonString()));
    }

    [Fact]
    public async Task ListTools_Default_ListsTheSixToolsWithTheirAnnotations()
    {
        await using var mcp = await InProcessMcp.StartAsync(new FakeCrmBackend());
        var tools = (await mcp.Client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);

        tools.Keys.ShouldBe(AllTools, ignoreOrder: true);
        foreach (var read in new[] { "crm_list_deals", "crm_get_contact", "crm_search" })
        {
            tools[read].Annotations!.ReadOnlyHint.ShouldBe(true);
            tools[read].Annotations!.OpenWorldHint.ShouldBe(true);
        }

        foreach (var write in new[] { "crm_upsert_contact", "crm_advance_stage", "crm_add_activity" })
        {
            tools[write].Annotations!.ReadOnlyHint.ShouldBe(false);
            tools[write].Annotations!.DestructiveHint.ShouldBe(false);
            tools[write].Annotations!.OpenWorldHint.ShouldBe(true);
            tools[write].OutputSchema.ShouldNotBeNull();
            var props = tools[write].InputSchema.GetProperty("properties");
            props.TryGetProperty("run_id", out _).ShouldBeTrue();
            props.TryGetProperty("skill", out _).ShouldBeTrue();
        }

        tools["crm_upsert_contact"].Annotations!.IdempotentHint.ShouldBe(true);
        tools["crm_advance_stage"].Annotations!.IdempotentHint.ShouldBe(true);
        tools["crm_add_activity"].Annotations!.IdempotentHint.ShouldBe(false);
    }

    [Fact]
    public async Task ListTools_StageEnum_IsEveryStageOfBothPipelinesFromSodimoSchema()
    {
        await using var mcp = await InProcessMcp.StartAsync(new FakeCrmBackend());
        var tool = (await mcp.Client.ListToolsAsync()).Single(t => t.Name == "crm_advance_stage").ProtocolTool;

        var stageEnum = tool.InputSchema.GetProperty("properties").GetProperty("stage").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToArray();
        stageEnum.ShouldBe(SodimoSchema.Current.Pipelines.SelectMany(p => p.Stages).Select(s => s.Name).ToArray());
        stageEnum.Length.ShouldBe(13);
        tool.InputSchema.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
        tool.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["deal_id", "stage"]);
    }

    [Fact]
    public async Task ListTools_ReadOnlyMode_HidesTheWriteToolsAndRefusesToCallThem()
    {
        var backend = new FakeCrmBackend();
        await using var mcp = await InProcessMcp.StartAsync(backend, readOnly: true);

        (await mcp.Client.ListToolsAsync()).Select(t => t.Name).ShouldBe(["crm_list_deals", "crm_get_contact", "crm_search"], ignoreOrder: true);
        var ex = await Should.ThrowAsync<McpException>(() => mcp.Client.CallJsonAsync(
            "crm_advance_stage", """{"deal_id":"6b0f9f7e-2a43-4c39-9d7e-0c4e8a1f5b21","stage":"Payment"}"""));
        ex.Message.ShouldContain("crm_advance_stage");
        backend.Calls.ShouldBeEmpty();
    }
}
