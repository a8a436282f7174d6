import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { CANCEL_GLOBAL_CLICK, KanbanRecord } from "@web/views/kanban/kanban_record";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

/**
 * A cockpit tile opens the list it counts with its filter shown as a search facet named after
 * the tile (as Odoo's own "search more" dialogs do), so the admin sees what the list applies and
 * can remove it. The server's action carries the domain; here it moves into the facet.
 */
export class SalesAdminCockpitKanbanRecord extends KanbanRecord {
    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    async onGlobalClick(ev, newWindow) {
        if (ev.target.closest(CANCEL_GLOBAL_CLICK)) {
            return;
        }
        const { record } = this.props;
        const action = await this.orm.call(record.resModel, "action_open", [[record.resId]], {
            context: record.context,
        });
        const { domain, name } = action;
        await this.action.doAction(
            { ...action, domain: [] },
            { newWindow, props: { dynamicFilters: [{ description: name, domain }] } }
        );
    }
}

export class SalesAdminCockpitKanbanRenderer extends KanbanRenderer {
    static components = {
        ...KanbanRenderer.components,
        KanbanRecord: SalesAdminCockpitKanbanRecord,
    };
}

registry.category("views").add("sales_admin_cockpit_kanban", {
    ...kanbanView,
    Renderer: SalesAdminCockpitKanbanRenderer,
});
