// Draws the statistics page's charts from the JSON that the view put in #stats-data (json_script):
// no inline script, so the page keeps its strict CSP.
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return;
    }
    var chart = echarts.init(element);
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-states", {
    tooltip: { trigger: "item" },
    series: [{
      type: "pie",
      radius: ["30%", "55%"],
      label: { formatter: "{b}\n{c}" },
      data: data.states.filter(function (s) { return s[1] > 0; })
        .map(function (s) { return { name: s[0], value: s[1] }; })
    }]
  });

  draw("chart-shares", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 80, bottom: 90 },
    xAxis: { type: "category", data: data.units, axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{
      type: "bar",
      data: data.shares,
      markLine: {
        symbol: "none",
        data: [{ yAxis: data.target, name: "目标" }],
        label: { formatter: "目标 {c}%" }
      }
    }]
  });

  draw("chart-matrix", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { data: data.grades, top: 0 },
    // Grade 1 (high) in red, 2 in amber, 3 in grey: the same reading as the badges.
    color: ["#dc3545", "#f0ad4e", "#6c757d"],
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.categories },
    yAxis: { type: "value", minInterval: 1 },
    series: data.grades.map(function (grade, index) {
      return {
        name: grade,
        type: "bar",
        stack: "grades",
        data: data.matrix.map(function (cells) { return cells[index]; })
      };
    })
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
