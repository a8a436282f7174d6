import { registry } from "@web/core/registry";

/**
 * The sales admin logs in and lands on the cockpit; every section is on screen at 1366x768 with
 * no sideways scrolling; a tile showing 0 opens an empty list saying there is nothing to do,
 * with the tile's filter shown as a facet.
 */
const SECTIONS = ["Complaints", "Orders and payments", "Requests and escalations", "Customers"];

function assertNoHorizontalScroll() {
    const scrollers = [
        document.scrollingElement,
        document.querySelector(".o_action_manager .o_content"),
        document.querySelector(".o_sales_admin_cockpit .o_kanban_renderer"),
    ];
    for (const element of scrollers.filter(Boolean)) {
        if (element.scrollWidth > element.clientWidth) {
            throw new Error(
                `${element.className || element.tagName} scrolls sideways: ` +
                    `${element.scrollWidth}px of content in ${element.clientWidth}px.`
            );
        }
    }
}

let zeroTile;

registry.category("web_tour.tours").add("sales_admin_desk_layout", {
    url: "/odoo",
    steps: () => [
        {
            content: "The sales admin lands on his desk, not in Discuss",
            trigger: '.o_breadcrumb .active:contains("My Desk")',
        },
        ...SECTIONS.map((section) => ({
            content: `The section "${section}" is shown`,
            trigger: `.o_sales_admin_cockpit .o_kanban_group .o_column_title:contains("${section}")`,
        })),
        {
            content: "Every section lies within the 1366 px window, none needs sideways scrolling",
            trigger: ".o_sales_admin_cockpit .o_kanban_group .o_kanban_record",
            run() {
                if (window.innerWidth > 1366) {
                    throw new Error(`The tour runs at ${window.innerWidth} px, not 1366.`);
                }
                assertNoHorizontalScroll();
                const groups = document.querySelectorAll(".o_sales_admin_cockpit .o_kanban_group");
                for (const group of groups) {
                    const { left, right } = group.getBoundingClientRect();
                    const title = group.querySelector(".o_column_title")?.textContent.trim();
                    if (left < 0 || right > document.documentElement.clientWidth) {
                        throw new Error(`The section "${title}" is off-screen (${left}-${right}px).`);
                    }
                }
            },
        },
        {
            content: "Open a tile showing 0",
            trigger: ".o_sales_admin_cockpit .o_kanban_record .badge",
            async run(helpers) {
                const tile = [
                    ...document.querySelectorAll(".o_sales_admin_cockpit .o_kanban_record"),
                ].find((record) => record.querySelector(".badge")?.textContent.trim() === "0");
                if (!tile) {
                    throw new Error("No tile shows 0.");
                }
                const card = tile.cloneNode(true);
                card.querySelector(".badge").remove();
                zeroTile = card.textContent.trim();
                await helpers.click(tile);
            },
        },
        {
            content: "The list is titled like the tile",
            trigger: ".o_list_view .o_breadcrumb .active",
            run() {
                const title = document.querySelector(".o_breadcrumb .active").textContent.trim();
                if (title !== zeroTile) {
                    throw new Error(`The list is titled "${title}", the tile "${zeroTile}".`);
                }
            },
        },
        {
            content: "The tile's filter is shown as a facet named after the tile",
            trigger: ".o_searchview .o_searchview_facet",
            run() {
                const facets = [...document.querySelectorAll(".o_searchview .o_searchview_facet")];
                if (!facets.some((facet) => facet.textContent.includes(zeroTile))) {
                    throw new Error(`No facet "${zeroTile}" in the search bar.`);
                }
            },
        },
        {
            content: "Nothing to do: an empty list says so, without sample records",
            trigger: '.o_view_nocontent:contains("Nothing to do")',
            run() {
                if (document.querySelector(".o_view_sample_data, .o_list_view .o_data_row")) {
                    throw new Error("The empty tile shows records (sample data?).");
                }
                assertNoHorizontalScroll();
            },
        },
        {
            content: "Back to the desk",
            trigger: '.o_breadcrumb a:contains("My Desk")',
            run: "click",
        },
        {
            content: "The desk is shown again",
            trigger: ".o_sales_admin_cockpit .o_kanban_record",
        },
    ],
});
