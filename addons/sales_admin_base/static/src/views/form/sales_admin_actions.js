import { Dropdown } from "@web/core/dropdown/dropdown";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { append, createElement, createTextNode } from "@web/core/utils/xml";
import { FormRenderer } from "@web/views/form/form_renderer";

/**
 * `<div class="o_sales_admin_actions" string="Sales Admin">` + buttons, in a form's header: one
 * Odoo dropdown holding the buttons, so that many actions take the room of one button beside
 * the form's own ones. The buttons keep everything a header button has (invisible, groups,
 * confirm, context) and close the menu when clicked.
 */
function compileSalesAdminActions(el, params) {
    const dropdown = createElement("t", {
        "t-component": "__comp__.salesAdminComponents.Dropdown",
        menuClass: "'o_sales_admin_actions_menu'",
    });
    const toggler = createElement("button", {
        type: "button",
        class: "btn btn-secondary dropdown-toggle o_sales_admin_actions",
    });
    append(toggler, createTextNode(el.getAttribute("string") || ""));
    append(dropdown, toggler);
    const content = createElement("t", { "t-set-slot": "content" });
    for (const child of el.children) {
        const compiled = this.compileNode(child, params);
        if (compiled) {
            append(content, compiled);
        }
    }
    append(dropdown, content);
    return dropdown;
}

registry.category("form_compilers").add("sales_admin_actions_compiler", {
    selector: "div.o_sales_admin_actions",
    fn: compileSalesAdminActions,
    doNotCopyAttributes: true,
});

patch(FormRenderer.prototype, {
    setup() {
        super.setup();
        this.salesAdminComponents = { Dropdown };
    },
});
