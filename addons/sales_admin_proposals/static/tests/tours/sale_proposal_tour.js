import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const RFP_CSV = [
    "No.;Section;Question;Supplier response",
    "1;Logistics;What is your delivery time for office furniture?;",
    "2;Logistics;Do you install the furniture on site?;",
    "3;After sales;What warranty do you offer on your products?;",
].join("\n");

const PROPOSAL = "Office equipment for the new Riga headquarters";

registry.category("web_tour.tours").add("sale_proposal_rfp_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sales_admin_base.sales_admin_menu_root", "Open the Sales Admin app"),
        {
            content: "Open the proposals menu",
            trigger: '.o_main_navbar button:contains("Proposals")',
            run: "click",
        },
        {
            content: "Open the proposal list",
            trigger: '.dropdown-item:contains("Proposals")',
            run: "click",
        },
        {
            content: "Open the RFP of Baltic Office Supply",
            trigger: `.o_list_view .o_data_row td:contains("${PROPOSAL}")`,
            run: "click",
        },
        {
            content: "Start the RFP import",
            trigger: '.o_form_statusbar button:contains("Import RFP")',
            run: "click",
        },
        {
            content: "Upload the customer's questionnaire",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(new File([RFP_CSV], "baltic_rfp.csv", { type: "text/csv" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is loaded",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Read the columns",
            trigger: '.modal footer button:contains("Next")',
            run: "click",
        },
        {
            content: "The question column is recognised",
            trigger: '.modal .o_data_row:contains("Question") td[name=target]:contains("Question")',
        },
        {
            content: "Import the questions",
            trigger: '.modal footer button:contains("Import")',
            run: "click",
        },
        {
            content: "Answer the delivery question",
            trigger:
                '.o_field_widget[name=line_ids] .o_data_row:contains("delivery time") button[name=action_open]',
            run: "click",
        },
        {
            content: "Use the library answer suggested first",
            trigger:
                '.o_field_widget[name=suggested_answer_ids] .o_data_row:first:contains("Delivery time") button[name=action_insert_into_line]',
            run: "click",
        },
        {
            content: "The answer comes from the library",
            trigger: '.o_field_widget[name=answer_id]:contains("Delivery time")',
        },
        {
            content: "Back to the proposal",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button a",
            run: "click",
        },
        {
            content: "The question is done",
            trigger: '.o_field_widget[name=line_ids] .o_data_row:contains("delivery time"):contains("Done")',
        },
        {
            content: "Submit the proposal for approval",
            trigger: ".o_form_statusbar button[name=action_submit]",
            run: "click",
        },
        {
            content: "The proposal waits for approval",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("To Approve")',
        },
    ],
});

registry.category("web_tour.tours").add("sale_proposal_approve_tour", {
    steps: () => [
        {
            content: "Approve the proposal",
            trigger: ".o_form_statusbar button[name=action_approve]",
            run: "click",
        },
        {
            content: "The proposal is approved",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Approved")',
        },
    ],
});

registry.category("web_tour.tours").add("sale_proposal_send_tour", {
    steps: () => [
        {
            content: "Send the proposal",
            trigger: '.o_form_statusbar button[name=action_send]:contains("Send")',
            run: "click",
        },
        {
            content: "The proposal is sent",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Sent")',
        },
    ],
});

registry.category("web_tour.tours").add("sale_proposal_portal_accept_tour", {
    steps: () => [
        {
            content: "The customer reads the proposal",
            trigger: `.o_proposal_portal h2:contains("${PROPOSAL}")`,
        },
        {
            content: "Accept and sign",
            trigger: "button.o_proposal_accept",
            run: "click",
        },
        {
            content: "Draw the signature",
            trigger: ".modal canvas.o_web_sign_signature",
            run() {
                const canvas = this.anchor;
                const rect = canvas.getBoundingClientRect();
                const pointer = (type, x, y) =>
                    canvas.dispatchEvent(
                        new PointerEvent(type, {
                            clientX: rect.left + x,
                            clientY: rect.top + y,
                            bubbles: true,
                            pointerId: 1,
                            pointerType: "mouse",
                            isPrimary: true,
                            buttons: type === "pointerup" ? 0 : 1,
                        })
                    );
                pointer("pointerdown", 20, 40);
                for (let x = 30; x <= 200; x += 10) {
                    pointer("pointermove", x, 40 + (x % 40));
                }
                pointer("pointerup", 200, 40);
            },
        },
        {
            content: "Send the signed acceptance",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The proposal is accepted",
            trigger: ".o_proposal_accepted_alert",
        },
    ],
});
