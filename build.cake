// Build script: `dotnet tool restore` once, then `dotnet cake [--target=Build] [--configuration=Debug]`.
// Targets: Clean, Restore, Build, Test (default), Demo, Bench, Pack (--rids=linux-x64,...), ToolSmoke.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
// Platforms to pack the tool for (comma-separated RIDs); CI packs linux-x64 only.
var toolRids = Argument("rids", "linux-x64,win-x64,osx-arm64");

var solution = File("./MlNetSer.sln");
var library = File("./src/MlNetSer/MlNetSer.csproj");
var cli = File("./src/MlNetSer.Cli/MlNetSer.Cli.csproj");
var artifacts = Directory("./artifacts");
var packages = artifacts + Directory("packages");

Task("Clean")
    .Description("Removes build outputs and artifacts/.")
    .Does(() =>
{
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration });
    CleanDirectory(artifacts);
});

Task("Restore")
    .Description("Restores the solution's packages.")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .Description("Builds the solution (also marks GLIBCXX_3.4.32 weak in output copies of libLibTorchSharp.so where needed).")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

Task("Test")
    .Description("Runs the whole test suite: dotnet test MlNetSer.sln.")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true, NoRestore = true }));

Task("Demo")
    .Description("Runs the end-to-end demo on the synthetic corpus (mlnetser demo: corpus, fast-preset experiment, report, predictions).")
    .Does(() => DotNetRun(cli, "demo", new DotNetRunSettings { Configuration = configuration }));

Task("Bench")
    .Description("Runs the feature-extraction benchmark: mlnetser bench features.")
    .Does(() => DotNetRun(cli, "bench features", new DotNetRunSettings { Configuration = configuration }));

Task("Pack")
    .Description("Packs the library (with the build logic consumers need) and the mlnetser tool (one package per platform in --rids) into artifacts/packages.")
    .Does(() =>
{
    CleanDirectory(packages);
    var settings = new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages };
    DotNetPack(library, settings);
    settings.MSBuildSettings = new DotNetMSBuildSettings().WithProperty("MlNetSerToolRids", toolRids.Replace(";", ",").Replace(",", "%2C")); // MSBuild's -p splits values at commas
    DotNetPack(cli, settings);
});

Task("ToolSmoke")
    .Description("Installs the packed tool from artifacts/packages into a temporary tool path and runs 'mlnetser --help' and 'mlnetser demo-corpus' with it.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var version = XmlPeek(File("./Directory.Build.props"), "/Project/PropertyGroup/Version");
    var scratch = System.IO.Directory.CreateTempSubdirectory("mlnetser-tool-").FullName;
    try
    {
        var toolPath = System.IO.Path.Combine(scratch, "tools");
        Run("dotnet", $"tool install MlNetSer.Cli --tool-path \"{toolPath}\" --add-source \"{MakeAbsolute(packages)}\" --version {version}");
        var mlnetser = System.IO.Path.Combine(toolPath, "mlnetser");
        Run(mlnetser, "--help");
        var corpus = System.IO.Path.Combine(scratch, "corpus");
        Run(mlnetser, $"demo-corpus --out \"{corpus}\" --speakers 2 --utterances 1");
        if (!FileExists(System.IO.Path.Combine(corpus, "manifest.csv")))
            throw new CakeException($"the installed tool's demo-corpus wrote no manifest.csv in {corpus}");
        Information($"The installed tool ran: {mlnetser}");
    }
    finally
    {
        DeleteDirectory(scratch, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("Default").IsDependentOn("Test");

void Run(string program, string arguments)
{
    Information($"> {program} {arguments}");
    var exitCode = StartProcess(program, new ProcessSettings { Arguments = arguments });
    if (exitCode != 0)
        throw new CakeException($"'{program} {arguments}' exited with {exitCode}.");
}

RunTarget(target);
