import { registry } from "@web/core/registry";

const SUBJECT = "Tour: wrong colour delivered";

// The rep (srep) logs a customer's complaint, saves it with the form's Save button, corrects it
// while it is new, then asks the sales admin about it and is told who received the request.
registry.category("web_tour.tours").add("sales_admin_complaint_rep", {
    steps: () => [
        {
            content: "Say what the customer complains about",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Choose the customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Northwind",
        },
        {
            content: "Pick Northwind Traders",
            trigger: ".o-autocomplete--dropdown-item:contains('Northwind Traders Ltd')",
            run: "click",
        },
        {
            content: "The order field offers no Create: a complaint never makes a sale order",
            trigger: ".o_form_view .o_field_widget[name=sale_order_ids] input",
            run: "edit Tour",
        },
        {
            content: "No order matches and nothing is offered to create one",
            trigger:
                ".o-autocomplete--dropdown-menu:has(.o_m2o_no_result):not(:has(.o_m2o_dropdown_option_create, .o_m2o_dropdown_option_create_edit))",
        },
        {
            content: "Clear the order search",
            trigger: ".o_form_view .o_field_widget[name=sale_order_ids] input",
            run: "clear",
        },
        {
            content: "The rep saves the new complaint",
            trigger: ".o_form_view .o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "It is saved with its reference",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=name]:not(:contains(New))",
        },
        {
            content: "The rep corrects the subject while it is new",
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: `edit ${SUBJECT}, 2 chairs`,
        },
        {
            content: "Save the correction",
            trigger: ".o_form_view .o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "The correction is saved",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=subject] input:value(/2 chairs$/)",
        },
        {
            content: "Ask the sales admin about the complaint",
            trigger: ".o_form_view button[name=action_sales_admin_request_new]",
            run: "click",
        },
        {
            content: "Choose the request type",
            trigger: ".modal .o_field_widget[name=type_id] input",
            run: "edit Customer",
        },
        {
            content: "Pick customer issue",
            trigger: ".o-autocomplete--dropdown-item:contains('Customer issue')",
            run: "click",
        },
        {
            content: "Send the request",
            trigger: ".modal button[name=action_send_request]",
            run: "click",
        },
        {
            content: "The rep is told who received the request",
            trigger: ".o_notification:contains('sent to Anna Admin')",
        },
        {
            content: "The complaint shows its request",
            trigger:
                "body:not(:has(.modal)) button[name=action_view_sales_admin_requests] .o_stat_value:contains('1')",
        },
    ],
});
